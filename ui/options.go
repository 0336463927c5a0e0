package ui

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/auth/flow"
	"aalogon/device"
)

// Options configure the application. Client is required.
type Options struct {
	Client *auth.Client
	// Event is the AA event to sign in to.
	Event string
	// Server is shown quietly on the sign-in screen.
	Server string
	// Fingerprint returns the FINGER source for a logon of user. Nil:
	// chains with FINGER cannot be completed here. A source that is also
	// a Toucher gets a button on the fingerprint screen while its reader
	// can be touched (the demo's virtual reader).
	Fingerprint func(user string) flow.FingerprintSource
	// ReaderEvents are the reader's events, shown on the fingerprint screen.
	ReaderEvents <-chan device.Event
	// Kiosk locks the window down; see Kiosk.
	Kiosk Kiosk
	// SupportBundle writes a support file for the help desk to path
	// (aalogon support-bundle). Nil, or in kiosk mode: not offered.
	SupportBundle func(ctx context.Context, path string) error
	// Branding is the organisation shown at the top of the card (the
	// configuration's branding_name and branding_logo). Zero: none.
	Branding Branding
	// Theme is the window's colours, a name NewTheme knows. Empty:
	// ThemeSystem, light or dark as the system is set.
	Theme string
	// Prefs keeps the last chain chosen per user. Nil, or in kiosk mode:
	// not remembered (a kiosk does not remember who used it).
	Prefs fyne.Preferences
	// FlowConfig tunes the flow (push timeout, poll interval…); its
	// Client, Prompter and Fingerprint are set by the controller.
	FlowConfig flow.Config
	// Do runs a function on the UI thread. Nil: fyne.Do.
	Do func(func())
	// BusyAfter is how long a request runs before the spinner shows.
	// Zero: 150 ms.
	BusyAfter time.Duration
	// Log receives one line per outcome (signed in, refused, signed out),
	// never an answer. Nil: discard.
	Log *slog.Logger
	// DemoCode returns the one-time code the demo's simulator "sent" user
	// by method m (SMS, e-mail, voice), "" when none; the code screen
	// shows it, marked as the demo's. Only --demo sets it: a real server's
	// codes never reach this client. Nil: no code is shown.
	DemoCode func(user string, m auth.MethodID) string
	// Passwords keeps LDAP passwords the person asks to remember. Nil, or
	// in kiosk mode: passwords are never saved.
	Passwords *credstore.Store
}

// Toucher is a fingerprint source whose reader the person can touch from
// the window, as the demo's virtual reader can. Real readers cannot.
type Toucher interface {
	// CanTouch reports whether the reader in use now can be touched.
	CanTouch() bool
	// Touch puts a finger on that reader.
	Touch()
}

// ReaderPresence is a fingerprint source that knows whether a reader is
// plugged in. Without a reader the chain choice shows the chains with a
// fingerprint as needing one, never as the one to take ("Last used").
type ReaderPresence interface {
	// HasReader reports whether a reader is open now.
	HasReader() bool
}
