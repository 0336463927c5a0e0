package ui

import (
	"cmp"
	"context"
	"errors"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/auth/flow"
)

// The saved-password offer in the window. The rules (when a saved password
// is used, forgotten, saved) are credstore.Offer's, shared with the
// terminal; this file only shows them.

// savedState is the window's side of the offer. UI thread only.
type savedState struct {
	keyringErr error       // why passwords cannot be saved here
	loadErr    error       // why this logon's saved password could not be read
	answer     func(reply) // answers the password question on screen; nil when none waits
}

// store is the password store, or nil when passwords are never saved.
func (c *Controller) store() *credstore.Store {
	if c.kiosk != nil {
		return nil
	}
	return c.opts.Passwords
}

func (c *Controller) key(user string) credstore.Key {
	return credstore.Key{Server: c.opts.Client.BaseURL(), Event: c.opts.Event, User: user}
}

// checkKeyring finds out, off the UI thread, whether passwords can be
// saved here.
func (c *Controller) checkKeyring() {
	st := c.store()
	if st == nil {
		return
	}
	go func() { // the keyring answers over D-Bus: not on the UI thread
		err := st.Available()
		c.do(func() { c.saved.keyringErr = err })
	}()
}

// loadOffer reads the saved password of user for this logon. A keyring
// that fails or does not answer in time leaves the logon without it, and
// the password screen says why. Logon goroutine.
func (c *Controller) loadOffer(ctx context.Context, user string) {
	offer, err := c.store().Offer(ctx, c.key(user))
	c.mu.Lock()
	c.offer = offer
	c.mu.Unlock()
	c.do(func() { c.saved.loadErr = err })
}

// askPassword shows the password question: "Using your saved password"
// when one is offered for the LDAP password, else the field. UI thread.
func (c *Controller) askPassword(q flow.Question, answer func(reply)) {
	c.saved.answer = answer
	c.mu.Lock()
	offer := c.offer
	c.mu.Unlock()
	if q.Method == auth.MethodLDAPPassword && offer != nil && offer.HasSaved() {
		c.SignIn.ShowSaved(func() { c.activity(); c.forgetSaved(q, offer) }, func() { c.activity(); c.typePassword(q) })
		c.show(c.SignIn.Root)
		c.focus(c.SignIn.Submit)
		return
	}
	c.typePassword(q)
}

// typePassword shows the password field, with "Remember my password" when
// the policy allows saving. UI thread.
func (c *Controller) typePassword(q flow.Question) {
	c.SignIn.AskPassword(q.Method, c.policy)
	offer := c.store() != nil && q.Method == auth.MethodLDAPPassword && c.policy != nil && c.policy.SavePassword
	why := "" // a timeout is said even without the box: a saved password may have been skipped
	switch err := cmp.Or(c.saved.loadErr, c.saved.keyringErr); {
	case errors.Is(err, credstore.ErrTimeout):
		why = t("signin.keyring_timeout", "The keyring did not answer (is it locked?): type your password.")
	case err != nil && offer:
		why = t("signin.no_keyring", "Passwords cannot be saved here: no keyring is available.")
	}
	c.SignIn.OfferRemember(offer, why)
	c.show(c.SignIn.Root)
	c.focus(c.SignIn.Pass)
}

// submitPassword answers the password question on screen: the saved
// password when the screen offers it, else what was typed. Without a
// question waiting (a second Enter) it does nothing. UI thread.
func (c *Controller) submitPassword(typed string) {
	answer := c.saved.answer
	if answer == nil {
		return
	}
	c.saved.answer = nil
	c.mu.Lock()
	c.remember = c.SignIn.Remember.Visible() && !c.SignIn.Remember.Disabled() && c.SignIn.Remember.Checked
	offer := c.offer
	c.mu.Unlock()
	pw := auth.Secret(typed)
	if offer != nil {
		if c.SignIn.UsingSaved() {
			pw = offer.UseSaved()
		} else {
			offer.Typed()
		}
	}
	answer(reply{s: pw})
}

// forgetSaved deletes the saved password, off the UI thread, and asks for
// one. UI thread.
func (c *Controller) forgetSaved(q flow.Question, offer *credstore.Offer) {
	c.running.Add(1)
	go func() {
		defer c.running.Done()
		if err := offer.Forget(); err != nil {
			c.opts.Log.Warn("saved password not deleted", "reason", err.Error())
		}
	}()
	c.typePassword(q)
}

// refused applies a refused answer to the offer: only a refusal of the
// saved password at the LDAP password step forgets it. Flow goroutine.
func (c *Controller) refused(m auth.MethodID) {
	c.mu.Lock()
	offer := c.offer
	c.mu.Unlock()
	if offer == nil {
		return
	}
	if forgotten, err := offer.Refused(m); forgotten {
		c.opts.Log.Info("saved password refused by the server: forgotten")
		if err != nil {
			c.opts.Log.Warn("saved password not deleted", "reason", err.Error())
		}
	}
}

// keepPassword applies a successful logon to the offer: the typed password
// is saved when the person asked and the policy allows it; a policy that
// does not allow saving deletes a saved one. Logon goroutine.
func (c *Controller) keepPassword(offer *credstore.Offer, res *flow.Result, remember bool) {
	if offer == nil {
		return
	}
	if _, err := offer.Done(res.TakeLDAPPassword(), res.Policy, remember); err != nil {
		c.opts.Log.Warn("password not saved", "reason", err.Error())
	}
}
