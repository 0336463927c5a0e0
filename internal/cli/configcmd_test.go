package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
	"golang.org/x/crypto/bcrypt"

	"aalogon/internal/config"
)

func TestConfigCheck(t *testing.T) {
	keyring.MockInit()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no user file
	dir := t.TempDir()
	cases := []struct {
		name, json string
		code       int
		want       string
	}{
		{"valid", `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1","event":"Helpdesk"}`, 0,
			"event           Helpdesk"},
		{"unknown key", "{\n  \"server_url\": \"https://a/api/v1\",\n  \"endpoint\": \"e1\"\n}", 1, `line 3: unknown key "endpoint"`},
		{"syntax", "{\n\"server_url\": \"https://a/api/v1\",\n}", 1, "line 3: invalid character '}'"},
		{"http", `{"server_url":"http://a/api/v1","endpoint_id":"e"}`, 1, `http.json: server_url: "http://a/api/v1" is not an https:// URL`},
		{"missing endpoint", `{"server_url":"https://a/api/v1"}`, 1, "endpoint_id: missing"},
		{"bad pin", `{"server_url":"https://a/api/v1","endpoint_id":"e","pins":["abc"]}`, 1, `bad-pin.json: pins: "abc" is not sha256/<base64>`},
		{"wrong type", "{\n\"server_url\": \"https://a/api/v1\",\n\"endpoint_id\": 7\n}", 1, "line 3: endpoint_id: want string"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			os.WriteFile(path, []byte(tc.json), 0o644)
			os.WriteFile(config.SecretFile(path), []byte("s3cret\n"), 0o600)
			var out, errOut bytes.Buffer
			code := Main(Env{Args: []string{"config", "check", "--config", path}, Stdout: &out, Stderr: &errOut})
			if code != tc.code || !strings.Contains(out.String()+errOut.String(), tc.want) {
				t.Errorf("exit %d, output %q %q; want exit %d and %q", code, out.String(), errOut.String(), tc.code, tc.want)
			}
		})
	}
}

func TestBadEnvironmentValueNamesTheVariable(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("AALOGON_SERVER_URL", "http://plain.example/api/v1")
	t.Setenv("AALOGON_ENDPOINT_ID", "e1")
	var out bytes.Buffer
	if code := run2(t, &out, "config", "check"); code != 1 || !strings.Contains(out.String(), "AALOGON_SERVER_URL: server_url:") {
		t.Errorf("exit %d: %s", code, out.String())
	}
}

func TestConfigLayersAndSources(t *testing.T) {
	keyring.MockInit()
	user := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", user)
	os.MkdirAll(filepath.Join(user, "aalogon"), 0o755)
	os.WriteFile(filepath.Join(user, "aalogon", "client.json"),
		[]byte(`{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1","language":"de"}`), 0o644)
	t.Setenv("AALOGON_EVENT", "Helpdesk")
	var out bytes.Buffer
	if code := run2(t, &out, "config", "check"); code != 1 {
		t.Fatalf("exit %d, want 1 (no endpoint secret): %s", code, out.String())
	}
	// The configuration's language is German: config check speaks it.
	for _, want := range []string{
		"language        de", "(" + filepath.Join(user, "aalogon", "client.json") + ")",
		"event           Helpdesk", "(environment AALOGON_EVENT)", "secret          [nicht verwendbar: siehe unten]",
		"Problem: im Schlüsselbund und in " + filepath.Join(user, "aalogon", "client.json.secret") +
			" gibt es kein Endpunkt-Geheimnis für den Endpunkt e1",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
	// --lang overrides the configuration.
	out.Reset()
	run2(t, &out, "config", "check", "--lang", "en")
	for _, want := range []string{
		"secret          [not usable: see below]",
		"problem: there is no endpoint secret for endpoint e1 in the keyring or " + filepath.Join(user, "aalogon", "client.json.secret"),
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--lang en: missing %q in:\n%s", want, out.String())
		}
	}
}

func run2(t *testing.T, out *bytes.Buffer, args ...string) int {
	t.Helper()
	return Main(Env{Args: args, Stdout: out, Stderr: out, Stdin: strings.NewReader("")})
}

// TestConfigCheckShowsTheBranding: a good logo is listed with the name; a
// bad one fails the check, naming the file, the key and why.
func TestConfigCheckShowsTheBranding(t *testing.T) {
	keyring.MockInit()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	logo := filepath.Join(dir, "logo.svg")
	os.WriteFile(logo, []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644)
	fake := filepath.Join(dir, "fake.png")
	os.WriteFile(fake, []byte("<svg/>"), 0o644)
	for _, tc := range []struct {
		name, logo string
		code       int
		want       []string
	}{
		{"good", logo, 0, []string{"branding_name   Jaguar Logistics", "branding_logo   " + logo}},
		{"bad", fake, 1, []string{"bad.json: branding_logo: " + `"` + fake + `" is not a PNG image`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".json")
			os.WriteFile(path, []byte(`{"server_url":"https://a/api/v1","endpoint_id":"e","branding_name":"Jaguar Logistics","branding_logo":"`+tc.logo+`"}`), 0o644)
			os.WriteFile(config.SecretFile(path), []byte("s3cret\n"), 0o600)
			var out bytes.Buffer
			code := run2(t, &out, "config", "check", "--config", path)
			if code != tc.code {
				t.Errorf("exit %d, want %d: %s", code, tc.code, out.String())
			}
			for _, want := range tc.want {
				if !strings.Contains(out.String(), want) {
					t.Errorf("missing %q in:\n%s", want, out.String())
				}
			}
		})
	}
}

// TestConfigCheck_RowsLineUp: every row of config check, the longest keys
// and the secret's too, has its value in the same column.
func TestConfigCheck_RowsLineUp(t *testing.T) {
	keyring.MockInit()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	logo := filepath.Join(dir, "logo.svg")
	os.WriteFile(logo, []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644)
	hash, _ := bcrypt.GenerateFromPassword([]byte("4711"), bcrypt.MinCost)
	path := filepath.Join(dir, "client.json")
	os.WriteFile(path, []byte(`{"server_url":"https://a/api/v1","endpoint_id":"e","ca_file":"ca.pem",
		"pins":["sha256/`+strings.Repeat("A", 43)+`="],"event":"Helpdesk","language":"en","theme":"dark",
		"branding_name":"Jaguar Logistics","branding_logo":"`+logo+`","kiosk_pin_hash":"`+string(hash)+`"}`), 0o644)
	os.WriteFile(config.SecretFile(path), []byte("s3cret\n"), 0o600)
	var out bytes.Buffer
	run2(t, &out, "config", "check", "--config", path, "--lang", "en")
	table, _, _ := strings.Cut(out.String(), "problem:") // the rows, before the problems and their hints
	row := regexp.MustCompile(`(?m)^  ([a-z_]+)( +)\S`)
	rows := row.FindAllStringSubmatchIndex(table, -1)
	if len(rows) != 11 {
		t.Fatalf("%d rows, want 11:\n%s", len(rows), table)
	}
	column := func(m []int) int { return m[5] - m[0] } // where the value starts
	for _, m := range rows {
		if column(m) != column(rows[0]) {
			t.Errorf("the row of %s has its value at column %d, the first row at %d:\n%s",
				table[m[2]:m[3]], column(m), column(rows[0]), table)
		}
	}
}
