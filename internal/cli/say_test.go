package cli

import (
	"bytes"
	"strings"
	"testing"

	"aalogon/auth/aasim"
)

// locale is a Getenv with only LANG set.
func locale(lang string) func(string) string {
	return func(k string) string {
		if k == "LANG" {
			return lang
		}
		return ""
	}
}

// The terminal speaks the system locale's language, --lang overrides it,
// and C means English: the demo logon, its steps, its errors.
func TestTerminalSpeaksTheChosenLanguage(t *testing.T) {
	cases := []struct {
		name, lang string
		args       []string
		want, not  []string
		password   string // "": the right one
	}{
		{"German locale", "de_DE.UTF-8", nil,
			[]string{"aalogon: Es gibt keinen Benutzer mit diesem Namen\n"}, []string{"There is no user"}, ""},
		{"German steps", "de_DE.UTF-8", []string{"--user", "denis"},
			[]string{"Schritt 1 von 2: ", "Schritt 2 von 2: ", "angemeldet als Denis <denis@jaguar.example> mit „LDAP + Fingerprint“"},
			[]string{"Step ", "signed in", `JAGUAR\denis`}, ""},
		{"the server's words in German", "de_DE.UTF-8", []string{"--user", "denis", "--chain", "LDAP + Fingerprint"},
			[]string{"Falsches Passwort"}, []string{"Incorrect password"}, "wrong"},
		{"--lang en on a German system", "de_DE.UTF-8", []string{"--lang", "en"},
			[]string{"aalogon: There is no user with this name\n"}, []string{"Schritt", "Benutzer"}, ""},
		{"--lang de under C", "C", []string{"--lang", "de"},
			[]string{"aalogon: Es gibt keinen Benutzer mit diesem Namen\n"}, []string{"There is no user"}, ""},
		{"C", "C.UTF-8", nil, []string{"aalogon: There is no user with this name\n"}, []string{"Benutzer"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			args := append([]string{"logon", "--demo", "--user", "nobody", "--password-stdin"}, tc.args...)
			password := tc.password
			if password == "" {
				password = aasim.DemoPassword
			}
			code := Main(Env{Args: args, Stdin: strings.NewReader(password + "\n"), Stdout: &out, Stderr: &errOut,
				Getenv: locale(tc.lang)})
			all := errOut.String() + out.String()
			if code == 2 {
				t.Fatalf("exit %d: %s", code, all)
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("missing %q in:\n%s", w, all)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(all, w) {
					t.Errorf("%q in:\n%s", w, all)
				}
			}
		})
	}
}

// A hinted error prints its sentence and hint in the command's language;
// its Error, for logs, stays English.
func TestHintedErrorIsTranslated(t *testing.T) {
	var out bytes.Buffer
	code := Main(Env{Args: []string{"kiosk-pin-hash"}, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out,
		Getenv: locale("de_AT.UTF-8")})
	want := "aalogon: keine PIN auf der Standardeingabe\n  tippen Sie sie an der Eingabeaufforderung ein oder leiten Sie sie um: aalogon kiosk-pin-hash < pin.txt\n"
	if code != 1 || out.String() != want {
		t.Errorf("exit %d, %q; want 1, %q", code, out.String(), want)
	}
	if got := (&hinted{msg: msg("cli.pin_stdin")}).Error(); got != "no PIN on standard input" {
		t.Errorf("Error() = %q, want English", got)
	}
}

// A command-line mistake is said in the command's language, then the usage.
func TestUsageErrorIsTranslated(t *testing.T) {
	var out bytes.Buffer
	code := Main(Env{Args: []string{"logon", "--demo"}, Stdout: &out, Stderr: &out, Getenv: locale("de_DE.UTF-8")})
	if want := "aalogon: Aufruf: --user fehlt\n"; code != 2 || !strings.HasPrefix(out.String(), want) {
		t.Errorf("exit %d, %q; want 2 and %q first", code, out.String(), want)
	}
}
