package credstore_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"aalogon/auth/credstore"
)

const server = "https://aa.example.com/api/v1"

// noKeyring is a store whose keyring is unavailable, as on a server
// without a Secret Service: endpoint secrets go to files.
func noKeyring() *credstore.Store {
	return credstore.New(credstore.Config{Keyring: &credstore.Memory{Err: errors.New("no secret service")}})
}

func TestEndpointSecret_MissingIsNotASavedPassword(t *testing.T) {
	s := credstore.New(credstore.Config{Keyring: &credstore.Memory{}})
	_, err := s.LoadEndpointSecret(server, "e1", filepath.Join(t.TempDir(), "site.json.secret"))
	if !errors.Is(err, credstore.ErrNoEndpointSecret) || errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("LoadEndpointSecret() error = %v, want ErrNoEndpointSecret", err)
	}
	if errors.Is(err, credstore.ErrNotFound) || strings.Contains(err.Error(), "saved password") {
		t.Errorf("error = %q: an endpoint secret is not a saved password", err)
	}
}

func TestEndpointSecret_FileRoundTripIsOwnerOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "client.json.secret")
	s := noKeyring()
	where, err := s.SaveEndpointSecret(server, "e1", "s3cret", path)
	if err != nil || where != path {
		t.Fatalf("SaveEndpointSecret() = %q, %v; want the file", where, err)
	}
	if st, _ := os.Stat(path); runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	got, err := s.LoadEndpointSecret(server, "e1", path)
	if err != nil || got.Reveal() != "s3cret" {
		t.Errorf("LoadEndpointSecret() = %v, %v", got, err)
	}
}

func TestEndpointSecret_FileOpenToOthersIsRefused(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open.secret")
	os.WriteFile(open, []byte("s3cret\n"), 0o600)
	os.Chmod(open, 0o644)
	link := filepath.Join(dir, "link.secret") // a private name for an open file
	os.Symlink(open, link)
	for _, path := range []string{open, link} {
		_, err := noKeyring().LoadEndpointSecret(server, "e1", path)
		var unsafe *credstore.UnsafeFileError
		if !errors.As(err, &unsafe) {
			t.Errorf("%s: error = %v, want *UnsafeFileError", filepath.Base(path), err)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("the error shows the secret: %v", err)
		}
	}
}

func TestSaveSharedEndpointSecret_IsGroupReadableOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "client.json.secret")
	if err := credstore.SaveSharedEndpointSecret(path, "s3cret", os.Getgid()); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, want 0640", st.Mode().Perm())
	}
}

func TestSaveEndpointSecret_DoesNotFollowAPlantedTemporaryName(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	path := filepath.Join(dir, "client.json.secret")
	os.Symlink(victim, path+".tmp") // the fixed name the old writer used
	if _, err := noKeyring().SaveEndpointSecret(server, "e1", "s3cret", path); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the secret was written through the planted link: the target holds %q", b)
	}
}
