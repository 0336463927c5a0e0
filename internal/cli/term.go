package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/auth/flow"
	"aalogon/device"
	"aalogon/internal/i18n"
)

// termPrompter is the flow's prompter on a terminal: it asks on the TTY
// (without echo for secrets) or reads answers line by line from a pipe.
type termPrompter struct {
	out      io.Writer
	in       *bufio.Reader
	fd       int  // the terminal's descriptor when tty
	tty      bool // in is a terminal: prompts are shown and secrets hidden
	password *auth.Secret
	// offer, when set, answers the LDAP password question with the saved
	// password; its rules decide when a refusal forgets it.
	offer *credstore.Offer
	say   *words // the command's language
	// demoCode, in the demo only, is the code its simulator "sent" by
	// method m, shown before the question ("" when none).
	demoCode func(m auth.MethodID) string
	wait     waitShown // the wait last said, until another notice or question
}

// newTermPrompter reads answers from in. When password is not nil it answers
// the first password question; further questions then come from the
// controlling terminal, if there is one.
func newTermPrompter(in io.Reader, out io.Writer, password *auth.Secret) *termPrompter {
	p := &termPrompter{out: out, password: password, say: newWords(nil)}
	src := in
	if password != nil {
		src = nil
		if tty, err := os.Open("/dev/tty"); err == nil {
			src = tty
		}
	}
	if f, ok := src.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.fd, p.tty = int(f.Fd()), true
	}
	if src != nil {
		p.in = bufio.NewReader(src)
	}
	return p
}

func (p *termPrompter) Ask(ctx context.Context, q flow.Question) (auth.Secret, error) {
	p.wait = waitShown{}
	if q.Kind == flow.AskPassword && p.password != nil {
		s := *p.password
		p.password = nil
		return s, nil
	}
	ldap := q.Kind == flow.AskPassword && q.Method == auth.MethodLDAPPassword && p.offer != nil
	if ldap && p.offer.HasSaved() {
		fmt.Fprintln(p.out, "  "+p.say.t("signin.saved"))
		return p.offer.UseSaved(), nil
	}
	if ldap {
		p.offer.Typed()
	}
	if d, _ := flow.Lookup(q.Method); d.Interaction == flow.SentCode && p.demoCode != nil {
		if code := p.demoCode(q.Method); code != "" {
			fmt.Fprintln(p.out, "  "+p.say.t("otp.demo_code", "Method", p.methodTitle(q.Method), "Code", code))
		}
	}
	label := p.prompt(q)
	if q.Reason != nil && p.in != nil { // told only where it is asked: else the end tells it
		fmt.Fprintln(p.out, "  "+noticeMsg(flow.NoticeFor(q.Reason)).in(p.say))
		if key := device.MessageKey(q.Reason); key != flow.NoticeReader { // what the reader needs
			fmt.Fprintln(p.out, "  "+p.say.t(key))
		}
	}
	if p.in == nil {
		return "", &inputEndedError{question: question(label), noTerminal: true}
	}
	if p.tty {
		fmt.Fprint(p.out, label)
	}
	line, err := p.readLine(ctx, q.Secret && p.tty)
	if err != nil {
		return "", p.ended(err, label)
	}
	if q.CanResend && strings.EqualFold(strings.TrimSpace(line), "r") {
		return "", flow.ErrResend
	}
	return auth.Secret(line), nil
}

// readLine reads one line, without echo when hide. Cancelling ctx returns at
// once and restores the terminal.
func (p *termPrompter) readLine(ctx context.Context, hide bool) (string, error) {
	type result struct {
		s   string
		err error
	}
	var restore func()
	if hide {
		st, err := term.GetState(p.fd)
		if err == nil {
			restore = func() { _ = term.Restore(p.fd, st) }
		}
	}
	ch := make(chan result, 1)
	go func() {
		if hide {
			b, err := term.ReadPassword(p.fd)
			fmt.Fprintln(p.out)
			ch <- result{string(b), err}
			return
		}
		s, err := p.in.ReadString('\n')
		if err == io.EOF && s != "" {
			err = nil
		}
		ch <- result{strings.TrimRight(s, "\r\n"), err}
	}()
	select {
	case r := <-ch:
		return r.s, r.err
	case <-ctx.Done():
		if restore != nil {
			restore()
		}
		fmt.Fprintln(p.out)
		return "", ctx.Err()
	}
}

// prompt is the question's label in the command's language, by the kind of
// interaction its method is declared with (flow.Methods); the server words
// security questions itself.
func (p *termPrompter) prompt(q flow.Question) string {
	if q.Kind == flow.AskRetry {
		return p.say.t("cli.prompt_retry") + " "
	}
	title := p.methodTitle(q.Method)
	d, _ := flow.Lookup(q.Method)
	switch d.Interaction {
	case flow.TypePassword:
		return p.say.t("cli.prompt_password", "Method", title, "User", q.User) + " "
	case flow.TypeCode:
		return p.say.t("cli.prompt_code", "Method", title) + " "
	case flow.SentCode:
		if q.CanResend {
			return p.say.t("cli.prompt_code_resend", "Method", title) + " "
		}
		return p.say.t("cli.prompt_sent", "Method", title) + " "
	case flow.SecurityQuestions:
		return q.Text + " "
	}
	return title + ": "
}

func (p *termPrompter) Show(n flow.Notice) {
	if n.Key == flow.NoticeFailed && p.offer != nil {
		if forgotten, _ := p.offer.Refused(n.Method); forgotten {
			p.say.line(p.out, "cli.saved_refused")
		}
	}
	if n.Key == flow.NoticePushWaiting {
		p.showWait(n)
		return
	}
	p.wait = waitShown{}
	s := noticeMsg(n).in(p.say)
	if n.Key == flow.NoticeFingerRetry && n.Text != "" {
		// The server's reason, then which attempt this is.
		s = strings.TrimSpace(n.Text + " " + p.say.t(n.Key, "Attempt", n.Attempt, "Max", n.MaxAttempts))
	}
	fmt.Fprintln(p.out, "  "+s)
}

// waitShown is what the terminal said of the wait for a push or a call:
// the flow shows its notice at each poll, the terminal says it once.
type waitShown struct {
	method  auth.MethodID
	attempt int
	detail  string // the server's words last printed under it
}

// waitOnly reports whether the server's message msgid only says that the
// server waits for the phone, which the method's sentence already says: the
// simulator's AASIM-2106 (aa-api.md leaves the real server's ids open).
func waitOnly(msgid string) bool { return msgid == "AASIM-2106" }

// showWait says what the person does while the flow waits on a push or a
// call, once a wait, in the method's words: confirm in the app, or answer
// the call (flow.Method.WaitKey). The server's words follow as a detail
// when they say more than that it waits, each time they change.
func (p *termPrompter) showWait(n flow.Notice) {
	if p.wait.method != n.Method || p.wait.attempt != n.Attempt {
		key := n.Key
		if d, ok := flow.Lookup(n.Method); ok && d.WaitKey != "" {
			key = d.WaitKey
		}
		fmt.Fprintln(p.out, "  "+p.say.t(key))
		p.wait = waitShown{method: n.Method, attempt: n.Attempt}
	}
	if n.Text == "" || waitOnly(n.MsgID) {
		return
	}
	if detail := n.Render(p.say.lang, p.say.method); detail != p.wait.detail {
		fmt.Fprintln(p.out, "    "+detail)
		p.wait.detail = detail
	}
}

func (p *termPrompter) Progress(pr flow.Progress) {
	if pr.Current == "" {
		return
	}
	p.say.line(p.out, "cli.step", "N", len(pr.Completed)+1, "Total", len(pr.Chain.Methods), "Method", p.methodTitle(pr.Current))
}

// ttyChooser adds a chain menu to an interactive terminal prompter.
type ttyChooser struct{ *termPrompter }

func (c ttyChooser) ChooseChain(ctx context.Context, opts []flow.ChainOption) (int, error) {
	fmt.Fprintln(c.out, c.say.t("chains.title")+":")
	for i, o := range opts {
		note := ""
		if !o.Supported {
			note = "  (" + c.say.t("chains.unavailable", "Method", c.methodTitle(o.Missing)) + ")"
		}
		fmt.Fprintf(c.out, "  %d. %s%s\n", i+1, o.Chain.Name, note)
	}
	for {
		fmt.Fprint(c.out, c.say.t("cli.number")+" ")
		line, err := c.readLine(ctx, false)
		if err != nil {
			return 0, c.ended(err, c.say.t("cli.number"))
		}
		n, err := strconv.Atoi(strings.TrimSpace(line))
		if err == nil && n >= 1 && n <= len(opts) && opts[n-1].Supported {
			return n - 1, nil
		}
		fmt.Fprintln(c.out, "  "+c.say.t("cli.choose_number"))
	}
}

// methodTitle is a method's name in the command's language: its
// declaration's title; a method this client does not know keeps the
// server's name.
func (p *termPrompter) methodTitle(m auth.MethodID) string { return p.say.method(m) }

// methodTitle is a method's name in English, for messages whose language
// is chosen when they are printed.
func methodTitle(m auth.MethodID) string {
	if d, ok := flow.Lookup(m); ok {
		return english(d.TitleKey, m.Name())
	}
	return m.Name()
}

// english is key's text in the English catalogue, def when it has none.
func english(key, def string) string {
	if s := i18n.Shipped().Raw(i18n.English, key); s != "" {
		return s
	}
	return def
}
