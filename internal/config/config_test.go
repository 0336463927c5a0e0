package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aalogon/internal/config"
)

func TestParseRefusesMalformed(t *testing.T) {
	cases := []struct{ name, json, want string }{
		{"unknown key", "{\n  \"server_url\": \"https://a/api/v1\",\n  \"sever\": 1\n}", "line 3: unknown key \"sever\""},
		{"syntax", "{\n  \"server_url\": \"https://a\",,\n}", "line 2: invalid character ','"},
		{"wrong type", "{\n\"server_url\": \"https://a\",\n\"pins\": \"x\"\n}", "line 3: pins: want []string"},
		{"truncated", "{\n\"server_url\": ", "the file ends inside the configuration"},
		{"http", `{"server_url":"http://a/api/v1","endpoint_id":"e","endpoint_secret":"s"}`, "is not an https:// URL"},
		{"no endpoint", `{"server_url":"https://a/api/v1"}`, "endpoint_id: missing"},
		{"secret of the wrong type", `{"server_url":"https://a/api/v1","endpoint_id":"e","endpoint_secret":5}`, "endpoint_secret: want string"},
		{"bad pin", `{"server_url":"https://a/api/v1","endpoint_id":"e","endpoint_secret":"s","pins":["md5/x"]}`, "pins: \"md5/x\""},
		{"trailing", `{"server_url":"https://a/api/v1","endpoint_id":"e","endpoint_secret":"s"} {}`, "text after the configuration"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse([]byte(tc.json))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestSaveLoadRoundTripIsOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "client.json")
	c := &config.Client{ServerURL: "https://127.0.0.1:8443/api/v1", EndpointID: "e1", EndpointSecret: "s3cret",
		CAFile: "ca.pem", Event: "Authenticators Management"}
	if err := c.Save(path, config.PrivateMode); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	got, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.CAFile != filepath.Join(dir, "ca.pem") || got.Event != c.Event || got.EndpointID != "e1" {
		t.Errorf("loaded %+v", got)
	}
	if b, _ := os.ReadFile(path); strings.Contains(string(b), "s3cret") || !got.EndpointSecret.IsZero() {
		t.Error("the endpoint secret was written to the general configuration")
	}
}

func TestSave_DoesNotFollowAPlantedTemporaryName(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	path := filepath.Join(dir, "client.json")
	os.Symlink(victim, path+".tmp") // the fixed name the old Save wrote through
	c := &config.Client{ServerURL: "https://aa.example.com/api/v1", EndpointID: "e1"}
	if err := c.Save(path, config.PrivateMode); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("Save wrote through the planted link: the target holds %q", b)
	}
	if st, err := os.Lstat(path); err != nil || !st.Mode().IsRegular() {
		t.Errorf("client.json is %v (%v), want a regular file", st.Mode(), err)
	}
}
