package ui_test

import (
	"bytes"
	"log"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
	"aalogon/ui"
)

// The window speaks the language it is given, else the system locale's,
// else English; LANG=C and an unset locale give English without Fyne
// logging a word about the locale.
func TestLoadTranslationsPicksTheLanguageQuietly(t *testing.T) {
	cases := []struct {
		name, lcAll, lang, flag string
		want, title             string
	}{
		{"C.UTF-8", "", "C.UTF-8", "", "en", "Sign in"},
		{"C", "", "C", "", "en", "Sign in"},
		{"unset", "", "", "", "en", "Sign in"},
		{"POSIX in LC_ALL", "POSIX", "de_DE.UTF-8", "", "en", "Sign in"},
		{"German system", "", "de_DE.UTF-8", "", "de", "Anmelden"},
		{"--lang de under LANG=C", "", "C", "de", "de", "Anmelden"},
		{"--lang en on a German system", "", "de_DE.UTF-8", "en", "en", "Sign in"},
		{"unshipped language", "", "fr_FR.UTF-8", "", "en", "Sign in"},
	}
	t.Cleanup(func() { ui.LoadTranslations("en") })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("LC_ALL", tc.lcAll)
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", tc.lang)
			t.Setenv("LANGUAGE", "")
			var logged bytes.Buffer
			was := log.Writer()
			log.SetOutput(&logged)
			t.Cleanup(func() { log.SetOutput(was) })
			if err := ui.LoadTranslations(tc.flag); err != nil {
				t.Fatal(err)
			}
			if got := ui.Language(); got != tc.want {
				t.Errorf("Language() = %q, want %q", got, tc.want)
			}
			if got := lang.X("signin.submit", "?"); got != tc.title {
				t.Errorf("signin.submit = %q, want %q", got, tc.title)
			}
			if logged.Len() > 0 {
				t.Errorf("logged %q, want nothing", logged.String())
			}
		})
	}
}

// In German the signed-in screen's date has German month names, and the
// methods their German names, not the server's.
func TestSignedInScreenIsTranslated(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(func() { ui.LoadTranslations("en") })
	for _, tc := range []struct{ lang, want, finger string }{
		{"de", "Seit 1. Dez. 2026, ", "Fingerabdruck"},
		{"en", "Since 1 Dec 2026, ", "Fingerprint"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			if err := ui.LoadTranslations(tc.lang); err != nil {
				t.Fatal(err)
			}
			s := ui.NewSignedInScreen(auth.UserInfo{UserName: "denis"}, func() {})
			s.SetDetails("2026-12-01T12:00:00.201926", []auth.Template{ // noon UTC: the 1st in every time zone
				{MethodID: auth.MethodFinger, MethodTitle: "Fingerprint"},
				{MethodID: "ACME_TOKEN:1", MethodTitle: "Acme token"},
			})
			if !strings.HasPrefix(s.Since.Text, tc.want) {
				t.Errorf("since = %q, want it to start with %q", s.Since.Text, tc.want)
			}
			var titles []string
			for _, o := range s.Authenticators.Objects {
				for _, c := range o.(*fyne.Container).Objects {
					if l, ok := c.(*widget.Label); ok {
						titles = append(titles, l.Text)
					}
				}
			}
			if want := []string{tc.finger, "Acme token"}; !slices.Equal(titles, want) {
				t.Errorf("authenticators %q, want %q", titles, want)
			}
		})
	}
}

// Fyne reads the locale in its own init, before any of our code runs: a
// program started under LANG=C.UTF-8 (containers, services) must not log
// "Error parsing user locale C". The test runs this test binary again,
// running no test, and reads what its start printed.
func TestStartUnderCLocaleIsQuiet(t *testing.T) {
	for _, locale := range []string{"C.UTF-8", "C", "POSIX", ""} {
		t.Run(locale, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(withoutLocale(os.Environ()), "LANG="+locale)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if strings.Contains(string(out), "locale") {
				t.Errorf("LANG=%q: the start printed %q, want nothing about the locale", locale, out)
			}
		})
	}
}

func withoutLocale(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE":
			continue
		}
		out = append(out, kv)
	}
	return out
}
