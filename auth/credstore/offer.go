package credstore

import (
	"context"
	"errors"
	"sync"

	"aalogon/auth"
)

// Offer is the saved password of one logon and the rules that go with it,
// the same for the window and the terminal:
//
//   - the saved password may answer the LDAP password question (UseSaved);
//   - only a refusal of that answer, at the LDAP password step itself,
//     deletes it (Refused): a wrong one-time code or a rejected push later in
//     the chain says nothing about the password;
//   - after a successful logon (Done) the typed password is saved when the
//     person asked and the policy allows it, and the saved one is deleted
//     when the policy says saving is not allowed; a logon without a policy
//     changes nothing.
//
// An Offer is safe for concurrent use: the window's UI thread and the
// logon goroutine both call it.
type Offer struct {
	store *Store // nil: nothing is ever saved or deleted
	key   Key

	mu    sync.Mutex
	saved auth.Secret
	used  bool // the last LDAP password answer was the saved password
}

// Offer reads the password saved for k, bounded by ctx and the store's
// timeout. It always returns an Offer; the error says why nothing saved can
// be offered (ErrUnavailable, ErrTimeout), and is nil when nothing is saved.
// A nil store, or a kiosk's, offers nothing and saves nothing.
func (s *Store) Offer(ctx context.Context, k Key) (*Offer, error) {
	o := &Offer{key: k}
	if s == nil || s.kiosk {
		return o, nil
	}
	o.store = s
	pw, err := within(ctx, s.timeout(), func() (auth.Secret, error) { return s.Load(k) })
	switch {
	case errors.Is(err, ErrNotFound):
		return o, nil
	case err != nil:
		return o, err
	}
	o.saved = pw
	return o, nil
}

// Key is the key of the offered password.
func (o *Offer) Key() Key { return o.key }

// HasSaved reports whether a saved password is offered for the LDAP
// password question.
func (o *Offer) HasSaved() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return !o.saved.IsZero()
}

// UseSaved returns the saved password as the answer to the LDAP password
// question and remembers that it was used. Zero when none is offered.
func (o *Offer) UseSaved() auth.Secret {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.used = !o.saved.IsZero()
	return o.saved
}

// Typed records that the person typed the password themselves: a refusal
// of it is not a refusal of the saved one.
func (o *Offer) Typed() {
	o.mu.Lock()
	o.used = false
	o.mu.Unlock()
}

// Refused applies the server's refusal of an answer to method m. When m is
// the LDAP password and the answer was the saved password, the saved
// password is deleted and no longer offered; forgotten says so. A refusal
// of any other step leaves it alone.
func (o *Offer) Refused(m auth.MethodID) (forgotten bool, err error) {
	o.mu.Lock()
	if m != auth.MethodLDAPPassword || !o.used {
		o.mu.Unlock()
		return false, nil
	}
	o.used, o.saved = false, ""
	o.mu.Unlock()
	return true, o.forget()
}

// Forget deletes the saved password at the person's request and stops
// offering it.
func (o *Offer) Forget() error {
	o.mu.Lock()
	o.used, o.saved = false, ""
	o.mu.Unlock()
	return o.forget()
}

func (o *Offer) forget() error {
	if o.store == nil {
		return nil
	}
	return o.store.Forget(o.key)
}

// Done applies a successful logon: typed is the LDAP password answered
// (zero when there was none), policy the logon's (nil when the server sent
// none), remember whether the person asked to save it. saved reports that
// typed was saved; err why it was not although the person asked.
func (o *Offer) Done(typed auth.Secret, policy *auth.Policy, remember bool) (saved bool, err error) {
	o.mu.Lock()
	o.saved, o.used = "", false // the offer ends with its logon
	o.mu.Unlock()
	if o.store == nil {
		return false, nil
	}
	if remember && !typed.IsZero() {
		if err := o.store.Save(o.key, typed, policy, true); err != nil {
			return false, err
		}
		return true, nil
	}
	return false, o.store.Enforce(o.key, policy)
}
