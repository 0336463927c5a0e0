package ui_test

import (
	"fmt"
	"strings"
	"testing"

	"aalogon/auth/aasim"
	"aalogon/ui"
)

// Wrong passwords in a row do not read the same each time in the window:
// from the second on, the message counts them and warns that the server
// may lock the account.
func TestWrongPasswordsInARowWarnOfALock(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("denis")
	for i := 1; i <= 3; i++ {
		h.password(fmt.Sprintf("wrong-%d", i))
		want := "Incorrect password"
		if i > 1 {
			want = fmt.Sprintf("Incorrect password. Answers were refused %d times in a row: after a few more, the server may lock your account.", i)
		}
		var got string
		h.waitFor(fmt.Sprintf("refusal %d", i), func() bool {
			got = h.c.SignIn.Message.Text
			return h.c.SignIn.Message.Visible() && strings.HasPrefix(got, "Incorrect password") &&
				(i == 1 || strings.Contains(got, fmt.Sprint(i)))
		})
		if got != want {
			t.Errorf("refusal %d reads %q, want %q", i, got, want)
		}
	}
	h.password(aasim.DemoPassword)
	h.touchToSignIn()
}
