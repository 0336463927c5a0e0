package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aalogon/internal/config"
)

func TestConfigWriteSystem_SetsTheGivenKeysAndKeepsTheOthers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aalogon", "client.json")
	run := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := Main(Env{Args: append([]string{"config", "write-system", "--config", path}, args...), Stdout: &out, Stderr: &errOut})
		return code, out.String() + errOut.String()
	}
	if code, out := run("--server-url", "https://aa.example.com/api/v1", "--endpoint-id", "e1", "--event", "Windows logon"); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	// An upgrade's second run with only a new CA keeps what the first wrote.
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if code, out := run("--ca-file", ca, "--endpoint-id", " "); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	c, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.ServerURL != "https://aa.example.com/api/v1" || c.EndpointID != "e1" || c.Event != "Windows logon" || c.CAFile != ca {
		t.Errorf("got %+v, want the first run's keys and the second's CA file", c)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != config.SharedMode {
		t.Errorf("mode %v (%v), want %v: every local user reads the system file", fi.Mode().Perm(), err, config.SharedMode)
	}
}

func TestConfigWriteSystem_RefusesAnInvalidValueAndWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "client.json")
	var out bytes.Buffer
	code := Main(Env{Args: []string{"config", "write-system", "--config", path, "--server-url", "http://aa.example.com/api/v1"}, Stdout: &out, Stderr: &out})
	if code != 1 || !strings.Contains(out.String(), "is not an https:// URL") {
		t.Errorf("exit %d, output %q: want exit 1 naming the URL", code, out.String())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the file was written: %v", err)
	}
}

func TestConfigWriteSystem_DoesNotReplaceABrokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "client.json")
	os.WriteFile(path, []byte("{\"server_url\": 7}\n"), 0o644)
	var out bytes.Buffer
	code := Main(Env{Args: []string{"config", "write-system", "--config", path, "--server-url", "https://aa.example.com/api/v1"}, Stdout: &out, Stderr: &out})
	b, _ := os.ReadFile(path)
	if code != 1 || string(b) != "{\"server_url\": 7}\n" {
		t.Errorf("exit %d, file %q: want exit 1 and the file as it was", code, b)
	}
}
