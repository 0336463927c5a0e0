package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// denied reads like os.ReadFile, except that the files in deny answer as a
// file this user may not read does.
func denied(deny ...string) func(string) ([]byte, error) {
	return func(path string) ([]byte, error) {
		for _, d := range deny {
			if path == d {
				return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrPermission}
			}
		}
		return os.ReadFile(path)
	}
}

func writeLayer(t *testing.T, name, json string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(json), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func noEnv(string) string { return "" }

func TestResolve_UnreadableOptionalLayerIsSkippedNotFatal(t *testing.T) {
	system := writeLayer(t, "system.json", `{"server_url":"https://aa.example.com/api/v1","event":"Locked"}`)
	site := writeLayer(t, "site.json", `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1"}`)
	eff, err := resolve([]fileLayer{{system, false}, {site, true}}, denied(system), noEnv, noPolicy)
	if err != nil {
		t.Fatalf("Resolve() error = %v, want the unreadable system file skipped", err)
	}
	var le *LayerError
	if len(eff.Skipped) != 1 || !errors.As(eff.Skipped[0], &le) || le.Source != system || !errors.Is(le, fs.ErrPermission) {
		t.Errorf("Skipped = %v, want the system file, permission denied", eff.Skipped)
	}
	if eff.Event != "" {
		t.Errorf("Event = %q, read from a file that could not be read", eff.Event)
	}
}

func TestResolve_UnreadableRequiredLayerIsFatal(t *testing.T) {
	site := writeLayer(t, "site.json", `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1"}`)
	_, err := resolve([]fileLayer{{site, true}}, denied(site), noEnv, noPolicy)
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Resolve() error = %v, want permission denied on the --config file", err)
	}
}

func TestResolve_IncompleteAfterASkipReturnsTheSkip(t *testing.T) {
	system := writeLayer(t, "system.json", `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1"}`)
	site := writeLayer(t, "site.json", `{"event":"Helpdesk"}`)
	eff, err := resolve([]fileLayer{{system, false}, {site, true}}, denied(system), noEnv, noPolicy)
	if err == nil || eff == nil || len(eff.Skipped) != 1 {
		t.Fatalf("Resolve() = %+v, %v; want the missing keys and the skipped system file", eff, err)
	}
}

func TestResolve_SecretBelongsToTheLayerThatSetTheEndpoint(t *testing.T) {
	user := writeLayer(t, "client.json", `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1"}`)
	site := writeLayer(t, "site.json", `{"event":"Helpdesk"}`)
	eff, err := resolve([]fileLayer{{user, false}, {site, true}}, os.ReadFile, noEnv, noPolicy)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := eff.SecretFile(), user+".secret"; got != want {
		t.Errorf("SecretFile() = %q, want %q (site.json only sets the event)", got, want)
	}
	eff, err = resolve([]fileLayer{{user, false}}, os.ReadFile, func(k string) string {
		return map[string]string{"AALOGON_ENDPOINT_ID": "e2"}[k]
	}, noPolicy)
	if err != nil {
		t.Fatal(err)
	}
	if eff.SecretFile() != "" {
		t.Errorf("SecretFile() = %q with the endpoint from the environment, want none (keyring only)", eff.SecretFile())
	}
}

func TestDecode_UnknownKeyIsRefusedWhateverItsCase(t *testing.T) {
	for _, key := range []string{"Server_URL", "endpoint", "ENDPOINT_ID"} {
		_, err := decode([]byte("{\n\"event\": \"x\",\n\"" + key + "\": \"y\"\n}"))
		if err == nil || !strings.Contains(err.Error(), `line 3: unknown key "`+key+`"`) {
			t.Errorf("decode(%s) error = %v, want line 3: unknown key", key, err)
		}
	}
}
