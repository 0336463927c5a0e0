package faults_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"aalogon/auth/credstore"
	"aalogon/auth/flow"
)

// noKeyring is the window's note beside "Remember my password" when the
// keyring cannot be used (ui: signin.no_keyring).
const noKeyring = "signin.no_keyring"

// keyringBound is how long a logon may take when the keyring hangs: the
// keyring calls on its way (the saved-password lookup before, the save
// after) must each give up after a few seconds and the logon go on.
const keyringBound = 14 * time.Second

// brokenKeyring is a keyring that fails as the row says: get and set
// return their errors; hang blocks every call until the test ends.
type brokenKeyring struct {
	get, set error
	hang     <-chan struct{}
}

func (k *brokenKeyring) wait() {
	if k.hang != nil {
		<-k.hang
	}
}

func (k *brokenKeyring) Get(service, user string) (string, error) {
	k.wait()
	if k.get != nil {
		return "", k.get
	}
	return "", keyring.ErrNotFound
}

func (k *brokenKeyring) Set(service, user, password string) error {
	k.wait()
	return k.set
}

func (k *brokenKeyring) Delete(service, user string) error {
	k.wait()
	if k.get != nil {
		return k.get
	}
	return keyring.ErrNotFound
}

// withKeyring signs in as the window does with saved passwords: it checks
// the keyring beside the logon (the note under "Remember my password"),
// looks for a saved password, signs in with the typed one, and asks to
// save it. The keyring must never keep the logon from going on.
func withKeyring(kr *brokenKeyring) func(t *testing.T) outcome {
	return func(t *testing.T) outcome {
		release := make(chan struct{})
		t.Cleanup(func() { close(release) })
		if kr.hang != nil {
			kr.hang = release
		}
		e := newEnv(t, setup{})
		store := credstore.New(credstore.Config{Keyring: kr, GOOS: "linux"})
		key := credstore.Key{Server: e.client.BaseURL(), Event: event, User: user}

		available := make(chan error, 1)
		go func() { available <- store.Available() }()
		type end struct {
			signedIn bool
			err      error
			saveErr  error
		}
		done := make(chan end, 1)
		go func() {
			var out end
			if _, err := store.Load(key); err == nil {
				out.err = errors.New("a broken keyring returned a saved password")
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			res, err := e.logon(ctx)
			if err != nil {
				out.err = err
			} else {
				out.signedIn = true
				out.saveErr = store.Save(key, res.TakeLDAPPassword(), res.Policy, true)
			}
			done <- out
		}()
		deadline := time.After(keyringBound)
		var out end
		select {
		case out = <-done:
		case <-deadline:
			t.Fatalf("the logon did not end within %v: a keyring call has no timeout", keyringBound)
		}
		var availErr error
		select {
		case availErr = <-available:
		case <-deadline:
			t.Fatalf("the keyring check did not end within %v: a keyring call has no timeout", keyringBound)
		}
		if kr.set != nil || kr.get != nil || kr.hang != nil {
			if !errors.Is(out.saveErr, credstore.ErrUnavailable) {
				t.Errorf("Save() error = %v, want ErrUnavailable", out.saveErr)
			}
		}
		if availErr != nil {
			e.p.Show(flow.Notice{Key: noKeyring})
		}
		o := e.outcome(out.signedIn, out.err)
		if out.saveErr != nil {
			o.text += "\n" + out.saveErr.Error()
		}
		return o
	}
}

func keyringRow(fault, en, de string, kr *brokenKeyring) row {
	return row{group: "keyring", fault: fault, happens: "signs in with the typed password; nothing saved",
		signedIn: true, en: en, de: de, requests: 6, deleted: "n/a (signed in)", run: withKeyring(kr)}
}

func keyringRows() []row {
	const (
		en = "Passwords cannot be saved here: no keyring is available."
		de = "Passwörter können hier nicht gespeichert werden: kein Schlüsselbund verfügbar."
	)
	missing := errors.New("The name org.freedesktop.secrets was not provided by any .service files")
	locked := errors.New("Cannot get secret of a locked object")
	return []row{
		keyringRow("missing (no Secret Service)", en, de, &brokenKeyring{get: missing, set: missing}),
		keyringRow("locked", en, de, &brokenKeyring{get: locked, set: locked}),
		keyringRow("hangs (never answers)", en, de, &brokenKeyring{hang: make(chan struct{})}),
		keyringRow("refuses a write", "—", "—",
			&brokenKeyring{set: errors.New("org.freedesktop.DBus.Error.AccessDenied")}),
	}
}
