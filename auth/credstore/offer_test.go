package credstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/credstore"
)

func newOffer(t *testing.T, saved auth.Secret) (*credstore.Store, *credstore.Offer) {
	t.Helper()
	s := credstore.New(credstore.Config{Keyring: &credstore.Memory{}})
	if !saved.IsZero() {
		if err := s.Save(key, saved, allowed, true); err != nil {
			t.Fatal(err)
		}
	}
	o, err := s.Offer(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return s, o
}

func stillSaved(s *credstore.Store) bool {
	_, err := s.Load(key)
	return err == nil
}

func TestOffer_OnlyARefusedSavedPasswordIsForgotten(t *testing.T) {
	cases := []struct {
		name      string
		useSaved  bool // the saved password answered the LDAP question
		refused   auth.MethodID
		wantSaved bool
	}{
		{"saved password refused", true, auth.MethodLDAPPassword, false},
		{"wrong one-time code after the saved password", true, auth.MethodTOTP, true},
		{"rejected push after the saved password", true, auth.MethodSmartphone, true},
		{"typed password refused", false, auth.MethodLDAPPassword, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, o := newOffer(t, "Passw0rd")
			if !o.HasSaved() {
				t.Fatal("the saved password is not offered")
			}
			if tc.useSaved {
				if got := o.UseSaved(); got.Reveal() != "Passw0rd" {
					t.Fatalf("UseSaved = %q", got.Reveal())
				}
			} else {
				o.Typed()
			}
			forgotten, err := o.Refused(tc.refused)
			if err != nil {
				t.Fatal(err)
			}
			if got := stillSaved(s); got != tc.wantSaved || forgotten == tc.wantSaved {
				t.Errorf("still saved = %v, forgotten = %v; want saved %v", got, forgotten, tc.wantSaved)
			}
		})
	}
}

func TestOffer_DoneFollowsThePolicy(t *testing.T) {
	cases := []struct {
		name      string
		policy    *auth.Policy
		remember  bool
		wantSaved bool
	}{
		{"no logon_hints: kept", nil, false, true},
		{"policy allows: kept", allowed, false, true},
		{"policy says not allowed: deleted", refused, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, o := newOffer(t, "Passw0rd")
			o.UseSaved()
			if _, err := o.Done("", tc.policy, tc.remember); err != nil {
				t.Fatal(err)
			}
			if got := stillSaved(s); got != tc.wantSaved {
				t.Errorf("still saved = %v, want %v", got, tc.wantSaved)
			}
		})
	}
	t.Run("remember a typed password", func(t *testing.T) {
		s, o := newOffer(t, "")
		saved, err := o.Done("N3w-pass", allowed, true)
		if got, _ := s.Load(key); !saved || err != nil || got.Reveal() != "N3w-pass" {
			t.Errorf("Done = %v, %v; saved %q", saved, err, got.Reveal())
		}
	})
}

func TestOffer_KioskOffersNothing(t *testing.T) {
	mem := &credstore.Memory{}
	credstore.New(credstore.Config{Keyring: mem}).Save(key, "Passw0rd", allowed, true)
	o, err := credstore.New(credstore.Config{Keyring: mem, Kiosk: true}).Offer(context.Background(), key)
	if err != nil || o.HasSaved() {
		t.Errorf("kiosk offer: saved %v, %v", o.HasSaved(), err)
	}
	if saved, err := o.Done("Passw0rd", allowed, true); saved || err != nil {
		t.Errorf("a kiosk saved a password: %v, %v", saved, err)
	}
}

// stuck is a keyring that never answers, as a locked Secret Service
// collection with no prompter does.
type stuck struct{ release chan struct{} }

func (k stuck) Get(string, string) (string, error) { <-k.release; return "", nil }
func (k stuck) Set(string, string, string) error   { <-k.release; return nil }
func (k stuck) Delete(string, string) error        { <-k.release; return nil }

func TestALockedKeyringGivesUp(t *testing.T) {
	kr := stuck{make(chan struct{})}
	t.Cleanup(func() { close(kr.release) })
	s := credstore.New(credstore.Config{Keyring: kr, Timeout: 50 * time.Millisecond})
	start := time.Now()
	o, err := s.Offer(context.Background(), key)
	if !errors.Is(err, credstore.ErrTimeout) || !errors.Is(err, credstore.ErrUnavailable) || o == nil || o.HasSaved() {
		t.Errorf("Offer = %v, %v; want ErrTimeout and an empty offer", o, err)
	}
	if err := s.Available(); !errors.Is(err, credstore.ErrTimeout) {
		t.Errorf("Available = %v, want ErrTimeout", err)
	}
	if err := s.Save(key, "Passw0rd", allowed, true); !errors.Is(err, credstore.ErrTimeout) {
		t.Errorf("Save = %v, want ErrTimeout", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("three calls took %v", took)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	slow := credstore.New(credstore.Config{Keyring: kr, Timeout: time.Hour})
	if _, err := slow.Offer(ctx, key); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Offer = %v", err)
	}
}
