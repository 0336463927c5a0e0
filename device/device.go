// Package device is the fingerprint reader layer: a Reader captures a Sample
// (an 8-bit grey image with its resolution), a Manager finds readers and
// follows them being plugged in and out. Drivers live in sub-packages and
// talk to the hardware through device/usb.
package device

import (
	"context"
	"errors"
	"fmt"
	"image"
	"time"

	"aalogon/device/usb"
	"aalogon/internal/i18n"
)

// Info identifies a reader.
type Info struct {
	Driver string // "uru4000", "nb1010", "virtual"
	Name   string // "U.are.U 4500"
	// Presentation: press or swipe, from the driver's declaration.
	Presentation Presentation
	VID          uint16
	PID          uint16
	Bus          int
	Address      int
}

// ID returns "vvvv:pppp".
func (i Info) ID() string { return fmt.Sprintf("%04x:%04x", i.VID, i.PID) }

// Sample is one capture: an 8-bit grey image (dark ridges on light) and the
// resolution the reader images at.
type Sample struct {
	Image  *image.Gray
	DPI    float64
	Reader Info
}

// Reader is an open fingerprint reader.
type Reader interface {
	Info() Info
	// Capture waits for a finger, captures it and waits for it to lift,
	// reporting progress to events (may be nil). Cancelling ctx stops the
	// wait and powers the sensor down.
	Capture(ctx context.Context, events chan<- Event) (*Sample, error)
	Close() error
}

// EventKind is what a reader reports while it works.
type EventKind int

// Reader events.
const (
	Attached EventKind = iota
	Detached
	WaitingForFinger
	FingerOn
	Capturing
	FingerOff
	Failed
)

func (k EventKind) String() string {
	return [...]string{"attached", "detached", "waiting for finger", "finger on", "capturing", "finger off", "error"}[k]
}

// Event is a reader event. Err is set for Failed. Preview, when the
// caller asked for one, is a small copy of the capture that ended with
// FingerOff: shown, never stored. Quality, when the capture was examined
// (device/capture), says what it showed: with FingerOff, and with the
// Failed event that refuses a poor capture.
type Event struct {
	Kind    EventKind
	Reader  Info
	Err     error
	Preview image.Image
	Quality *Quality
}

// Quality is what one capture showed, so that a person sees why a touch
// failed and what to do: counts and shares, never the print itself.
type Quality struct {
	// Minutiae is how many minutiae the capture gave; Needed is the fewest
	// a capture must give to be sent (device/fingerprint.MinFeatures).
	Minutiae, Needed int
	// Coverage is the share of the image that the extractor took for
	// print, 0 to 1 (0 for a print too faint to find).
	Coverage float64
	// Problem is why a poor capture is refused, as the person can mend it
	// (the extractor's reason); QualityGood for a capture that is sent.
	Problem QualityProblem
}

// Poor reports whether the capture is refused: it has a problem, or gave
// fewer minutiae than needed.
func (q Quality) Poor() bool { return q.Problem != QualityGood || q.Minutiae < q.Needed }

// QualityProblem is why a capture is refused, as the person can mend it.
type QualityProblem int

// Quality problems.
const (
	// QualityGood: the capture is good enough to send.
	QualityGood QualityProblem = iota
	// QualityTooLittle: too little of the finger was on the sensor, or
	// too few minutiae on it (cover more of it).
	QualityTooLittle
	// QualityFaint: the ridges are too faint (press a little more firmly).
	QualityFaint
	// QualitySmudged: the ridges run together, as from a moving, damp or
	// too hard pressed finger (press flatter, keep still, dry the finger).
	QualitySmudged
)

func (p QualityProblem) String() string {
	return [...]string{"good", "too little of the finger", "too faint", "smudged"}[p]
}

// Notify sends e on events without waiting: a slow listener never stalls a
// reader. A nil channel is no listener.
func Notify(events chan<- Event, e Event) {
	if events == nil {
		return
	}
	select {
	case events <- e:
	default:
	}
}

// Errors a person can act on. Drivers and transports wrap them; Message
// gives the plain-language text.
var (
	ErrNoReader    = errors.New("device: no fingerprint reader connected")
	ErrBusy        = errors.New("device: the reader is in use by another program")
	ErrPermission  = errors.New("device: no permission to use the reader")
	ErrUnplugged   = errors.New("device: the reader was unplugged")
	ErrTimeout     = errors.New("device: the reader does not answer")
	ErrUnsupported = errors.New("device: this reader is not supported")
	ErrNoUSB       = errors.New("device: USB support was not built into this program")
	ErrProtocol    = errors.New("device: the reader answered something unexpected")
	// ErrTooLittle: the capture shows too little of the finger to be
	// matched (device/capture refuses it rather than send it). The person
	// may simply present the finger again: it has PresentAgain.
	ErrTooLittle error = presentAgain("device: too little of the finger was seen")
)

// presentAgain is a capture error after which the person may simply
// present the finger again: nothing was sent anywhere.
type presentAgain string

func (e presentAgain) Error() string { return string(e) }

// PresentAgain reports that presenting the finger again may succeed;
// auth/flow then asks again without spending an attempt.
func (presentAgain) PresentAgain() bool { return true }

// messageKeys map the errors a person can act on to their catalogue keys
// (assets/translations), in the order Message tries them.
var messageKeys = []struct {
	err error
	key string
}{
	{ErrNoReader, "reader.none"}, {ErrBusy, "reader.busy"}, {ErrPermission, "reader.permission"},
	{ErrUnplugged, "reader.unplugged"}, {ErrTimeout, "reader.timeout"}, {ErrUnsupported, "reader.unsupported"},
	{ErrNoUSB, "reader.no_usb"}, {ErrProtocol, "reader.protocol"}, {ErrTooLittle, "reader.too_little"},
}

// MessageKey returns the catalogue key of what to tell a person about err,
// and what they can do: "reader.busy" for ErrBusy, "error.reader" for any
// other failure.
func MessageKey(err error) string {
	for _, m := range messageKeys {
		if errors.Is(err, m.err) {
			return m.key
		}
	}
	return "error.reader"
}

// Message returns MessageKey's text in English: the default the window
// passes to lang.X, and the support bundle's words.
func Message(err error) string {
	return i18n.Shipped().Text(i18n.English, MessageKey(err), nil)
}

// Sleep waits d, or until ctx is done.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Wrap names the driver and phase of err and classifies a transport error
// as one a person can act on: unplugged, not answering, busy, no
// permission, no USB support; anything else the reader did is ErrProtocol.
// Cancellation passes through unchanged.
func Wrap(driver, phase string, err error) error {
	if err == nil {
		return nil
	}
	prefix := driver + ": " + phase
	// A transfer's own timeout is usb.ErrTimeout even when it wraps a
	// context deadline: classify first, then let cancellation through.
	if kind := FromUSB(err); kind != nil {
		return fmt.Errorf("%s: %w: %w", prefix, kind, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", prefix, err)
	}
	for _, e := range []error{ErrProtocol, ErrTimeout, ErrUnplugged, ErrBusy, ErrPermission, ErrNoReader, ErrNoUSB, ErrUnsupported, ErrTooLittle} {
		if errors.Is(err, e) {
			return fmt.Errorf("%s: %w", prefix, err)
		}
	}
	return fmt.Errorf("%s: %w: %w", prefix, ErrProtocol, err)
}

// FromUSB returns the device error a transport error means, or nil.
func FromUSB(err error) error {
	switch {
	case errors.Is(err, usb.ErrGone):
		return ErrUnplugged
	case errors.Is(err, usb.ErrTimeout):
		return ErrTimeout
	case errors.Is(err, usb.ErrBusy):
		return ErrBusy
	case errors.Is(err, usb.ErrAccess):
		return ErrPermission
	case errors.Is(err, usb.ErrNotFound):
		return ErrNoReader
	case errors.Is(err, usb.ErrNotBuilt):
		return ErrNoUSB
	}
	return nil
}
