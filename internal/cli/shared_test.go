package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aalogon/internal/config"
)

// The packages create the group that register --system gives the secret to.
func TestPackagesCreateTheSharedGroup(t *testing.T) {
	script, err := os.ReadFile("../../packaging/postinstall.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"groupadd --system " + sharedGroup, "addgroup --system " + sharedGroup, "udevadm control --reload-rules"} {
		if !strings.Contains(string(script), want) {
			t.Errorf("packaging/postinstall.sh lacks %q", want)
		}
	}
	nfpm, err := os.ReadFile("../../packaging/nfpm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(nfpm), "postinstall: packaging/postinstall.sh") {
		t.Error("nfpm.yaml does not run packaging/postinstall.sh after installing")
	}
}

func TestSaveMachineWide_ConfigurationForAllSecretForTheGroup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "client.json")
	os.WriteFile(path, []byte("{}"), 0o600) // an older owner-only registration
	os.WriteFile(config.SecretFile(path), []byte("old\n"), 0o600)
	cfg := &config.Client{ServerURL: "https://aa.example.com/api/v1", EndpointID: "e1"}
	if err := saveMachineWide(path, cfg, "s3cret", os.Getgid()); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]os.FileMode{path: 0o644, config.SecretFile(path): 0o640} {
		if st, err := os.Stat(file); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %v", filepath.Base(file), st.Mode().Perm(), err, want)
		}
	}
	if b, _ := os.ReadFile(path); strings.Contains(string(b), "s3cret") {
		t.Error("the secret is in the configuration every user reads")
	}
	if b, _ := os.ReadFile(config.SecretFile(path)); string(b) != "s3cret\n" {
		t.Errorf("secret file holds %q", b)
	}
}
