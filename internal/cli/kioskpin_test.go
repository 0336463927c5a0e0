package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestKioskPINHash(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main(Env{Args: []string{"kiosk-pin-hash"}, Stdin: strings.NewReader("4711\n"), Stdout: &out, Stderr: &errOut})
	hash := strings.TrimSpace(out.String())
	if code != 0 || bcrypt.CompareHashAndPassword([]byte(hash), []byte("4711")) != nil {
		t.Fatalf("exit %d, hash %q, stderr %q", code, hash, errOut.String())
	}
	if strings.Contains(errOut.String(), "4711") {
		t.Errorf("the PIN was echoed: %q", errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if code := Main(Env{Args: []string{"kiosk-pin-hash"}, Stdin: strings.NewReader("12\n"), Stdout: &out, Stderr: &errOut}); code != 1 || out.Len() != 0 {
		t.Errorf("a two-digit PIN: exit %d, %q", code, out.String())
	}
}

func TestKioskPINOnTheCommandLineIsRefused(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main(Env{Args: []string{"--kiosk", "--kiosk-pin", "4711"}, Stdout: &out, Stderr: &errOut})
	if code != 1 || !strings.Contains(errOut.String(), "kiosk_pin_hash") {
		t.Errorf("exit %d, %q; want 1 and the new key named", code, errOut.String())
	}
}

func TestAKioskNeedsAPINHash(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no user file
	hash, _ := bcrypt.GenerateFromPassword([]byte("4711"), bcrypt.MinCost)
	dir := t.TempDir()
	base := `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1"`
	for _, tc := range []struct {
		name, json string
		ok         bool
	}{
		{"no hash", base + "}", false},
		{"hash", base + `,"kiosk_pin_hash":"` + string(hash) + `"}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			os.WriteFile(path, []byte(tc.json), 0o644)
			err := checkKioskPIN(path)
			if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), "kiosk_pin_hash")) {
				t.Errorf("checkKioskPIN = %v, want ok %v", err, tc.ok)
			}
		})
	}
	t.Run("from the user's own file", func(t *testing.T) {
		home := t.TempDir()
		t.Setenv("XDG_CONFIG_HOME", home)
		os.MkdirAll(filepath.Join(home, "aalogon"), 0o755)
		os.WriteFile(filepath.Join(home, "aalogon", "client.json"), []byte(base+`,"kiosk_pin_hash":"`+string(hash)+`"}`), 0o644)
		if err := checkKioskPIN(""); err == nil || !strings.Contains(err.Error(), "not from") {
			t.Errorf("a hash from the per-user file: %v", err)
		}
	})
}
