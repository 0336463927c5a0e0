// Package credstore keeps LDAP passwords in the operating system's keyring
// (Secret Service on Linux, Credential Manager on Windows, the Keychain on
// macOS) through go-keyring, and only as the AA server's policy allows
// (logon_hints.policy.save_password, aa-api.md §5).
//
// Rules: a password is saved only after a successful logon, when the policy
// allows it, the person asked for it, and the client is not a kiosk; never
// in a file. A saved password the server refuses at the password step, or a
// later logon whose policy says saving is not allowed, deletes it; a logon
// without a policy leaves it alone. Offer applies these rules for one logon,
// for the window and the terminal alike.
//
// Every keyring call is bounded (Config.Timeout): a locked keyring with no
// one to unlock it makes go-keyring wait forever, and a logon must not.
package credstore

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"aalogon/auth"
)

// Service is the keyring service name of AA Logon's items.
const Service = "aalogon"

// Errors of the store; each says what a person can do.
var (
	// ErrUnavailable: no keyring can be used (no Secret Service on this
	// Linux session, a locked collection…). Logon goes on without saving.
	ErrUnavailable = errors.New("credstore: no keyring is available on this computer")
	// ErrNotAllowed: the server's policy does not allow saving passwords.
	ErrNotAllowed = errors.New("credstore: the server does not allow saving passwords")
	// ErrKiosk: kiosks never save passwords.
	ErrKiosk = errors.New("credstore: passwords are never saved in kiosk mode")
	// ErrTooLong: the secret exceeds what this platform's keyring holds.
	ErrTooLong = errors.New("credstore: the password is too long for this computer's keyring")
	// ErrNotFound: nothing is saved under that key.
	ErrNotFound = errors.New("credstore: no saved password")
	// ErrTimeout: the keyring did not answer in time (a locked collection
	// waiting for a prompt nobody sees). It is also an ErrUnavailable.
	ErrTimeout = fmt.Errorf("%w: the keyring did not answer in time (is it locked?)", ErrUnavailable)
)

// DefaultTimeout bounds each keyring call when Config.Timeout is zero.
const DefaultTimeout = 5 * time.Second

// Keyring is the part of go-keyring the store uses; tests and other
// platforms' stores can stand in.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// System is the OS keyring through go-keyring.
type System struct{}

// Get implements Keyring.
func (System) Get(service, user string) (string, error) { return keyring.Get(service, user) }

// Set implements Keyring.
func (System) Set(service, user, password string) error { return keyring.Set(service, user, password) }

// Delete implements Keyring.
func (System) Delete(service, user string) error { return keyring.Delete(service, user) }

// Key names one saved password: the server, the event and the user name.
type Key struct {
	Server string // the API root, e.g. https://aa.example.com/api/v1
	Event  string
	User   string
}

// account is the keyring item's user attribute: one item per server, event
// and user (user names compare case-insensitively, as the server does).
func (k Key) account() string {
	return strings.ToLower(strings.TrimSpace(k.User)) + " @ " + k.Event + " @ " + strings.TrimRight(k.Server, "/")
}

// Store saves and reads passwords.
type Store struct {
	kr    bounded
	kiosk bool
	goos  string
}

func (s *Store) timeout() time.Duration { return s.kr.timeout }

// Config configures a Store.
type Config struct {
	// Keyring holds the items. Nil: System.
	Keyring Keyring
	// Kiosk refuses every save.
	Kiosk bool
	// GOOS selects the platform's size limit. Empty: runtime.GOOS.
	GOOS string
	// Timeout bounds each keyring call; a call that takes longer fails
	// with ErrTimeout. Zero: DefaultTimeout.
	Timeout time.Duration
}

// New returns a store.
func New(cfg Config) *Store {
	kr := cfg.Keyring
	if kr == nil {
		kr = System{}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	s := &Store{kr: bounded{kr: kr, timeout: cfg.Timeout}, kiosk: cfg.Kiosk, goos: cfg.GOOS}
	if s.goos == "" {
		s.goos = runtime.GOOS
	}
	return s
}

// maxSecret is the largest password each platform's keyring takes: the
// Windows Credential Manager holds 2,560 bytes; macOS's `security` command
// line about 3,000 after encoding; Secret Service has no practical limit.
func (s *Store) maxSecret() int {
	switch s.goos {
	case "windows":
		return 2560
	case "darwin":
		return 3000
	}
	return 1 << 20
}

// Available reports why passwords cannot be saved here, or nil. It reads
// an item that does not exist: only a keyring that answers "not found" works.
func (s *Store) Available() error {
	if s.kiosk {
		return ErrKiosk
	}
	_, err := s.kr.Get(Service, "availability check")
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return unavailable(err)
}

// unavailable wraps a keyring's failure in ErrUnavailable; a timeout is
// already one.
func unavailable(err error) error {
	if errors.Is(err, ErrTimeout) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrUnavailable, err)
}

// Save keeps password for k after a successful logon whose policy allowed
// it and whose person asked for it (remember).
func (s *Store) Save(k Key, password auth.Secret, policy *auth.Policy, remember bool) error {
	switch {
	case !remember:
		return nil
	case s.kiosk:
		return ErrKiosk
	case policy == nil || !policy.SavePassword:
		return ErrNotAllowed
	case password.IsZero():
		return nil
	case len(password.Reveal()) > s.maxSecret():
		return fmt.Errorf("%w (%d bytes at most)", ErrTooLong, s.maxSecret())
	}
	if err := s.kr.Set(Service, k.account(), password.Reveal()); err != nil {
		if errors.Is(err, keyring.ErrSetDataTooBig) {
			return fmt.Errorf("%w (%d bytes at most)", ErrTooLong, s.maxSecret())
		}
		return unavailable(err)
	}
	return nil
}

// Load returns the password saved for k.
func (s *Store) Load(k Key) (auth.Secret, error) {
	if s.kiosk {
		return "", ErrNotFound
	}
	v, err := s.kr.Get(Service, k.account())
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return "", ErrNotFound
	case err != nil:
		return "", unavailable(err)
	}
	return auth.Secret(v), nil
}

// Forget deletes the password saved for k. Nothing saved is not an error.
func (s *Store) Forget(k Key) error {
	err := s.kr.Delete(Service, k.account())
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return unavailable(err)
}

// Enforce applies a logon's policy: when it says saving is not allowed,
// the saved password is deleted. A nil policy (the server sent no
// logon_hints) says nothing and deletes nothing.
func (s *Store) Enforce(k Key, policy *auth.Policy) error {
	if policy == nil || policy.SavePassword {
		return nil
	}
	return s.Forget(k)
}
