package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/device"
)

// configuredSim serves a simulator and writes a user configuration for it
// (XDG_CONFIG_HOME, the secret in a mock keyring), so that `logon` without
// --config talks to it and the test can read its counts.
func configuredSim(t *testing.T) *aasim.Sim {
	t.Helper()
	keyring.MockInit()
	user := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", user)
	sim, srv, err := startSim("127.0.0.1:0", false, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	if _, err := writeClientConfig(sim, srv, filepath.Join(user, "aalogon", "client.json")); err != nil {
		t.Fatal(err)
	}
	return sim
}

// requests is how many API requests the simulator served.
func requests(sim *aasim.Sim) int {
	n := 0
	for _, c := range sim.Counts() {
		n += c
	}
	return n
}

// An empty line (or nothing) on standard input is no password: the
// terminal says so plainly and sends nothing at all.
func TestLogon_NoPasswordOnStandardInputSendsNothing(t *testing.T) {
	for name, stdin := range map[string]string{"empty line": "\n", "nothing": "", "CRLF only": "\r\n"} {
		t.Run(name, func(t *testing.T) {
			sim := configuredSim(t)
			_, stderr, code := runWith(t, stdin, "logon", "--user", "denis", "--password-stdin", "--lang", "en")
			if code != 1 || !strings.Contains(stderr, "aalogon: no password was given on standard input\n") {
				t.Errorf("exit %d, stderr %q; want exit 1 and no password was given", code, stderr)
			}
			if strings.Contains(stderr, "went wrong") {
				t.Errorf("stderr %q speaks of something going wrong", stderr)
			}
			if n := requests(sim); n != 0 {
				t.Errorf("%d requests reached the server (%v), want none", n, sim.Counts())
			}
		})
	}
}

// Standard input that ends at a later question (a code, an answer) stops
// the sign-in with a line that names the question, and the process on the
// server is deleted.
func TestLogon_InputEndingAtAQuestionSaysWhichAndDeletesTheProcess(t *testing.T) {
	cases := []struct{ name, user, chain, stdin, question string }{
		{"code", "alice", "LDAP + TOTP", aasim.DemoPassword + "\n", `"TOTP code"`},
		{"second answer", "bob", "LDAP + Security questions", aasim.DemoPassword + "\nRex\n", "?\""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sim := configuredSim(t)
			_, stderr, code := runWith(t, tc.stdin, "logon", "--user", tc.user, "--chain", tc.chain, "--lang", "en")
			if code != 1 || !strings.Contains(stderr, "aalogon: standard input ended before an answer to ") ||
				!strings.Contains(stderr, tc.question) {
				t.Errorf("exit %d, stderr %q; want exit 1 and the input ended at %s", code, stderr, tc.question)
			}
			if strings.Contains(stderr, "went wrong") || strings.Contains(stderr, "EOF") {
				t.Errorf("stderr %q is not a plain sentence", stderr)
			}
			if got := sim.Counts()["DELETE /api/v1/logon/{id}"]; got != 1 {
				t.Errorf("DELETE of the process: %d requests, want 1", got)
			}
			if n := sim.Processes(); n != 0 {
				t.Errorf("%d logon processes left on the server, want none", n)
			}
		})
	}
}

// A question with no terminal to ask it on (the password came from
// --password-stdin, and no terminal is attached) says so, with what to do;
// Ctrl-D on a terminal is the person stopping: the sign-in is cancelled.
func TestTerminal_InputEndingEarlyIsExplained(t *testing.T) {
	en := newWords(func(string) string { return "" })
	q := flow.Question{Kind: flow.AskOTP, Method: auth.MethodSMSOTP}

	noTerminal := &termPrompter{out: &bytes.Buffer{}, say: en}
	_, err := noTerminal.Ask(context.Background(), q)
	var h *hinted
	if !errors.As(explain(err, false), &h) {
		t.Fatalf("explain(%v) is not a hinted error", err)
	}
	if got := h.msg.in(en); got != `standard input ended before an answer to "SMS code": the sign-in was stopped, nothing more was sent` {
		t.Errorf("no terminal: message %q", got)
	}
	if got := h.hintIn(en); !strings.Contains(got, "run aalogon logon in a terminal") {
		t.Errorf("no terminal: hint %q, want what to do", got)
	}

	ctrlD := newTermPrompter(strings.NewReader(""), &bytes.Buffer{}, nil)
	ctrlD.tty = true
	if _, err := ctrlD.Ask(context.Background(), q); !errors.Is(err, flow.ErrCancelled) {
		t.Errorf("Ctrl-D on a terminal: %v, want flow.ErrCancelled", err)
	}
	if _, err := (ttyChooser{ctrlD}).ChooseChain(context.Background(), []flow.ChainOption{{Supported: true}}); !errors.Is(err, flow.ErrCancelled) {
		t.Errorf("Ctrl-D at the chain menu: %v, want flow.ErrCancelled", err)
	}
}

// A reader that failed at the FINGER step is told with the question that
// asks to try again, once, with what the reader needs; with no terminal to
// ask on nothing is printed, and the logon's end tells it once.
func TestTerminal_ReaderFailureIsToldWithItsQuestion(t *testing.T) {
	en := newWords(func(string) string { return "" })
	q := flow.Question{Kind: flow.AskRetry, Method: auth.MethodFinger,
		Reason: &flow.ReaderError{Err: fmt.Errorf("test: %w", device.ErrNoReader)}}

	var out bytes.Buffer
	p := newTermPrompter(strings.NewReader("\n"), &out, nil)
	p.tty = true
	if _, err := p.Ask(context.Background(), q); err != nil {
		t.Fatalf("Enter to try again: %v", err)
	}
	told := noticeMsg(flow.NoticeFor(q.Reason)).in(en)
	needs := en.t(device.MessageKey(q.Reason))
	if n := strings.Count(out.String(), told); n != 1 {
		t.Errorf("the reader's failure told %d times, want once:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), needs) || strings.Index(out.String(), needs) > strings.Index(out.String(), en.t("cli.prompt_retry")) {
		t.Errorf("what the reader needs (%q) is not said before the question:\n%s", needs, out.String())
	}

	var none bytes.Buffer
	noTerminal := &termPrompter{out: &none, say: en}
	if _, err := noTerminal.Ask(context.Background(), q); err == nil {
		t.Fatal("asked with no terminal")
	}
	if none.Len() != 0 {
		t.Errorf("with no terminal to ask on, printed %q: the end would tell it again", none.String())
	}
}
