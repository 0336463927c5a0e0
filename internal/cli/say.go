package cli

import (
	"flag"
	"fmt"
	"io"
	"os"

	"aalogon/auth"
	"aalogon/auth/flow"
	"aalogon/internal/config"
	"aalogon/internal/i18n"
)

// words are the terminal's sentences: keys of the one catalogue
// (assets/translations, the window's too), in the language the command
// speaks. Main starts with the system locale; a command that reads --lang
// or the configuration's language calls choose, before it prints.
type words struct {
	cat    *i18n.Catalogue
	getenv func(string) string
	lang   string
}

func newWords(getenv func(string) string) *words {
	if getenv == nil {
		getenv = os.Getenv
	}
	w := &words{cat: i18n.Shipped(), getenv: getenv}
	w.choose()
	return w
}

// choose sets the language as the window picks it: the first non-empty
// of chosen (--lang, then the configuration's language), else LC_ALL,
// LC_MESSAGES or LANG, else English; C and POSIX mean English.
func (w *words) choose(chosen ...string) { w.lang = w.cat.Resolve(w.getenv, chosen...) }

// t is key's text, rendered with kv: name, value pairs ("Path", path).
func (w *words) t(key string, kv ...any) string { return w.cat.Text(w.lang, key, data(kv)) }

// line prints key's text and a newline to out.
func (w *words) line(out io.Writer, key string, kv ...any) { fmt.Fprintln(out, w.t(key, kv...)) }

// data makes the template data of name, value pairs.
func data(kv []any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

// say returns the command's words; without Main's (a test calling a
// command directly), the system locale's.
func (env Env) say() *words {
	if env.words != nil {
		return env.words
	}
	return newWords(env.Getenv)
}

// message is a sentence to show later (a hinted error's): a key and its
// template data, rendered in the language of the moment it is printed; or
// the server's own words (text), already in the person's language.
type message struct {
	key    string
	data   map[string]any
	text   string
	notice *flow.Notice // a flow notice: its methods are named in the language it is printed in
}

// msg is a message of key with name, value pairs.
func msg(key string, kv ...any) message { return message{key: key, data: data(kv)} }

// noticeMsg is what a flow notice says (flow.Notice.Render): the server's
// words or the notice's key, with the methods it names titled in the
// language of the moment it is printed.
func noticeMsg(n flow.Notice) message { return message{notice: &n} }

func (m message) in(w *words) string {
	if m.notice != nil {
		return m.notice.Render(w.lang, w.method)
	}
	if m.key == "" {
		return m.text
	}
	return w.cat.Text(w.lang, m.key, m.data)
}

// english is the message for logs and Error: always English.
func (m message) english() string {
	if m.notice != nil {
		return m.notice.Render(i18n.English, methodTitle)
	}
	if m.key == "" {
		return m.text
	}
	return i18n.Shipped().Text(i18n.English, m.key, m.data)
}

// method is a method's name in the words' language: its declaration's
// title; a method this client does not know keeps the server's name.
func (w *words) method(m auth.MethodID) string {
	if d, ok := flow.Lookup(m); ok {
		return w.t(d.TitleKey)
	}
	return m.Name()
}

// langFlag adds --lang to a command's flags.
func langFlag(fs *flag.FlagSet) *string {
	return fs.String("lang", "", "language of the messages, `de` or en (default: the configuration's, else the system locale)")
}

// configLanguage is the configuration's language; none for no configuration.
func configLanguage(eff *config.Effective) string {
	if eff == nil {
		return ""
	}
	return eff.Language
}
