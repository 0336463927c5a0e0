package cli

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"aalogon/auth/aasim"
	"aalogon/internal/syncbuf"
)

// syncBuffer takes the concurrent writes of log handlers.
type syncBuffer = syncbuf.Buffer

// TestLogonDemo_ShowsTheCodeItSent: the terminal demo prints the code its
// simulator "sent", marked as the demo's, in the person's language, and
// that code, typed back, signs in.
func TestLogonDemo_ShowsTheCodeItSent(t *testing.T) {
	for _, tc := range []struct {
		lang, chain string
		line        *regexp.Regexp
	}{
		{"en", "LDAP + SMS", regexp.MustCompile(`Demo: the code sent \(SMS code\) is ([0-9]{6})\n`)},
		{"de", "LDAP + Email OTP", regexp.MustCompile(`Demo: der gesendete Code \(E-Mail-Code\) lautet ([0-9]{6})\n`)},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			in, keys := io.Pipe()
			t.Cleanup(func() { keys.Close() })
			var out bytes.Buffer
			errOut := &syncBuffer{}
			done := make(chan int, 1)
			go func() {
				done <- Main(Env{Args: []string{"logon", "--demo", "--user", "alice", "--chain", tc.chain, "--lang", tc.lang},
					Stdin: in, Stdout: &out, Stderr: errOut})
			}()
			fmt.Fprintln(keys, aasim.DemoPassword)
			code := ""
			for deadline := time.Now().Add(20 * time.Second); code == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if m := tc.line.FindStringSubmatch(errOut.String()); m != nil {
					code = m[1]
				}
			}
			if code == "" {
				t.Fatalf("no demo code on standard error: %q", errOut.String())
			}
			fmt.Fprintln(keys, code)
			select {
			case exit := <-done:
				if exit != 0 || !strings.Contains(out.String(), "Alice <alice@jaguar.example>") {
					t.Errorf("after typing the code shown: exit %d, %q %q; want signed in", exit, out.String(), errOut.String())
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("logon did not end after the code: %q", errOut.String())
			}
		})
	}
}
