package credstore_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"aalogon/auth"
	"aalogon/auth/credstore"
)

var (
	key     = credstore.Key{Server: "https://aa.example.com/api/v1", Event: "Authenticators Management", User: "denis"}
	allowed = &auth.Policy{SavePassword: true}
	refused = &auth.Policy{SavePassword: false}
)

func TestSaveFollowsTheRules(t *testing.T) {
	cases := []struct {
		name     string
		kiosk    bool
		policy   *auth.Policy
		remember bool
		wantErr  error
		saved    bool
	}{
		{"allowed and asked", false, allowed, true, nil, true},
		{"not asked", false, allowed, false, nil, false},
		{"policy refuses", false, refused, true, credstore.ErrNotAllowed, false},
		{"no policy sent", false, nil, true, credstore.ErrNotAllowed, false},
		{"kiosk", true, allowed, true, credstore.ErrKiosk, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keyring.MockInit()
			s := credstore.New(credstore.Config{Kiosk: tc.kiosk})
			err := s.Save(key, "Passw0rd", tc.policy, tc.remember)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("Save = %v, want %v", err, tc.wantErr)
			}
			_, lerr := credstore.New(credstore.Config{}).Load(key)
			if saved := lerr == nil; saved != tc.saved {
				t.Errorf("saved = %v, want %v", saved, tc.saved)
			}
		})
	}
}

func TestKeysAreServerEventAndUser(t *testing.T) {
	keyring.MockInit()
	s := credstore.New(credstore.Config{})
	if err := s.Save(key, "Passw0rd", allowed, true); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load(credstore.Key{Server: key.Server + "/", Event: key.Event, User: "DENIS"}); err != nil || got != "Passw0rd" {
		t.Errorf("same user, other case and a trailing slash: %q, %v", got.Reveal(), err)
	}
	for _, other := range []credstore.Key{
		{Server: "https://other.example.com/api/v1", Event: key.Event, User: "denis"},
		{Server: key.Server, Event: "Helpdesk", User: "denis"},
		{Server: key.Server, Event: key.Event, User: "alice"},
	} {
		if _, err := s.Load(other); !errors.Is(err, credstore.ErrNotFound) {
			t.Errorf("%+v: %v, want ErrNotFound", other, err)
		}
	}
}

func TestForgetAndEnforce(t *testing.T) {
	keyring.MockInit()
	s := credstore.New(credstore.Config{})
	s.Save(key, "Passw0rd", allowed, true)
	if err := s.Enforce(key, allowed); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(key); err != nil {
		t.Fatal("a policy that still allows saving deleted the password")
	}
	if err := s.Enforce(key, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(key); err != nil {
		t.Fatal("a logon without logon_hints deleted the password")
	}
	if err := s.Enforce(key, refused); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(key); !errors.Is(err, credstore.ErrNotFound) {
		t.Error("a policy that no longer allows saving kept the password")
	}
	s.Save(key, "Passw0rd", allowed, true)
	if err := s.Forget(key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(key); !errors.Is(err, credstore.ErrNotFound) {
		t.Error("Forget kept the password")
	}
	if err := s.Forget(key); err != nil {
		t.Errorf("forgetting nothing: %v", err)
	}
}

func TestPlatformLimits(t *testing.T) {
	keyring.MockInit()
	long := auth.Secret(strings.Repeat("x", 2561))
	err := credstore.New(credstore.Config{GOOS: "windows"}).Save(key, long, allowed, true)
	if !errors.Is(err, credstore.ErrTooLong) || !strings.Contains(err.Error(), "2560 bytes") {
		t.Errorf("Windows, 2561 bytes: %v", err)
	}
	if err := credstore.New(credstore.Config{GOOS: "linux"}).Save(key, long, allowed, true); err != nil {
		t.Errorf("Secret Service, 2561 bytes: %v", err)
	}
}

func TestKeyringErrors(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.DBus.Error.ServiceUnknown"))
	s := credstore.New(credstore.Config{})
	if err := s.Available(); !errors.Is(err, credstore.ErrUnavailable) {
		t.Errorf("Available = %v, want ErrUnavailable", err)
	}
	if err := s.Save(key, "Passw0rd", allowed, true); !errors.Is(err, credstore.ErrUnavailable) {
		t.Errorf("Save = %v", err)
	}
	if _, err := s.Load(key); !errors.Is(err, credstore.ErrUnavailable) {
		t.Errorf("Load = %v", err)
	}
	keyring.MockInitWithError(keyring.ErrSetDataTooBig)
	if err := s.Save(key, "Passw0rd", allowed, true); !errors.Is(err, credstore.ErrTooLong) {
		t.Errorf("keyring says too big: %v", err)
	}
	keyring.MockInit()
	if err := s.Available(); err != nil {
		t.Errorf("a working keyring: %v", err)
	}
	if err := credstore.New(credstore.Config{Kiosk: true}).Available(); !errors.Is(err, credstore.ErrKiosk) {
		t.Errorf("kiosk: %v", err)
	}
}

func TestNoPasswordInErrors(t *testing.T) {
	keyring.MockInitWithError(errors.New("backend failed"))
	err := credstore.New(credstore.Config{}).Save(key, "S3cret-Value", allowed, true)
	if err == nil || strings.Contains(err.Error(), "S3cret-Value") {
		t.Errorf("error %v", err)
	}
}

func TestEndpointSecretGoesToTheKeyring(t *testing.T) {
	keyring.MockInit()
	s := credstore.New(credstore.Config{})
	file := t.TempDir() + "/client.json.secret"
	where, err := s.SaveEndpointSecret("https://aa/api/v1", "ep1", "H0ca3uY8x9wt", file)
	if err != nil || where != "keyring" {
		t.Fatalf("saved to %q, %v; want the keyring", where, err)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Error("a fallback file was written although the keyring worked")
	}
	got, err := s.LoadEndpointSecret("https://aa/api/v1/", "ep1", file)
	if err != nil || got.Reveal() != "H0ca3uY8x9wt" {
		t.Errorf("loaded %v, %v", got, err)
	}
}

func TestEndpointSecretFallsBackToAPrivateFile(t *testing.T) {
	keyring.MockInitWithError(errors.New("no Secret Service"))
	s := credstore.New(credstore.Config{})
	file := t.TempDir() + "/client.json.secret"
	where, err := s.SaveEndpointSecret("https://aa/api/v1", "ep1", "H0ca3uY8x9wt", file)
	if err != nil || where != file {
		t.Fatalf("saved to %q, %v; want %s", where, err, file)
	}
	st, _ := os.Stat(file)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if got, err := s.LoadEndpointSecret("https://aa/api/v1", "ep1", file); err != nil || got.Reveal() != "H0ca3uY8x9wt" {
		t.Errorf("loaded %v, %v", got, err)
	}
	os.Chmod(file, 0o644)
	var unsafe *credstore.UnsafeFileError
	if _, err := s.LoadEndpointSecret("https://aa/api/v1", "ep1", file); !errors.As(err, &unsafe) {
		t.Errorf("a world-readable secret file was accepted: %v", err)
	}
	os.Remove(file)
	if _, err := s.LoadEndpointSecret("https://aa/api/v1", "ep1", file); !errors.Is(err, credstore.ErrNoEndpointSecret) {
		t.Errorf("no secret anywhere: %v", err)
	}
}
