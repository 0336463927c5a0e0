package i18n_test

import (
	"testing"

	"aalogon/internal/i18n"
)

func TestResolve(t *testing.T) {
	cases := []struct {
		name   string
		env    map[string]string
		chosen []string
		want   string
	}{
		{"nothing", nil, nil, "en"},
		{"LANG German", map[string]string{"LANG": "de_DE.UTF-8"}, nil, "de"},
		{"LANG C", map[string]string{"LANG": "C"}, nil, "en"},
		{"LANG C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, nil, "en"},
		{"LANG POSIX", map[string]string{"LANG": "POSIX"}, nil, "en"},
		{"LC_ALL wins", map[string]string{"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, nil, "en"},
		{"LC_MESSAGES over LANG", map[string]string{"LC_MESSAGES": "de_AT", "LANG": "en_GB.UTF-8"}, nil, "de"},
		{"modifier", map[string]string{"LANG": "de_DE.UTF-8@euro"}, nil, "de"},
		{"not shipped", map[string]string{"LANG": "fr_FR.UTF-8"}, nil, "en"},
		{"flag over locale", map[string]string{"LANG": "de_DE.UTF-8"}, []string{"en", "de"}, "en"},
		{"configuration when no flag", map[string]string{"LANG": "C"}, []string{"", "de"}, "de"},
		{"BCP 47", nil, []string{"de-CH"}, "de"},
		{"upper case", nil, []string{"DE"}, "de"},
	}
	c := i18n.Shipped()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string { return tc.env[k] }
			if got := c.Resolve(getenv, tc.chosen...); got != tc.want {
				t.Errorf("Resolve(%v, %q) = %q, want %q", tc.env, tc.chosen, got, tc.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	c := i18n.Shipped()
	cases := []struct{ lang, key, want string }{
		{"de", "finger.retry", "Nicht erkannt, bitte erneut versuchen (2 von 3)."},
		{"en", "finger.retry", "Not recognised, try again (2 of 3)."},
		{"fr", "finger.retry", "Not recognised, try again (2 of 3)."},
		{"de", "no.such.key", "no.such.key"},
	}
	for _, tc := range cases {
		if got := c.Text(tc.lang, tc.key, map[string]any{"Attempt": 2, "Max": 3}); got != tc.want {
			t.Errorf("Text(%q, %q) = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
}
