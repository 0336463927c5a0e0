package drivertest

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

// FaultCase is one row of a driver's fault table: what breaks and the
// device error Capture must return.
type FaultCase struct {
	Name  string
	Fault Fault
	Want  error
	// Check, if set, makes the row's own assertions once Capture returned.
	Check func(t *testing.T, f *Transport)
}

// Faults runs a driver's fault table: per row a fresh replay of the
// recording wrapped in a Transport that breaks the row's transfer, the
// reader from Open, one capture that must fail with the row's error and no
// sample after the fault was reached, then the checks, Close, and no
// goroutine left behind.
type Faults struct {
	// Recording is the folder name under usb-recordings/.
	Recording string
	// Replay, if set, makes the replay to break, fresh per row. Nil: Open.
	Replay func(t *testing.T) usb.Transport
	// Open opens the driver on the breaking transport for the recorded
	// device (shortening its transfer timeout where it has one).
	Open func(tr usb.Transport, dev *usb.DeviceFile) (device.Reader, error)
	// Then, if set, gives the transport that takes over after the fault
	// for the row (see Transport.Then); nil: the recording goes on.
	Then func(c FaultCase) usb.Transport
	// Timeout is the caller's deadline on the capture. Zero: 10 s.
	Timeout time.Duration
	// Prefix, if set, must begin every error ("aes2501: ").
	Prefix string
	// Check, if set, runs for every row after the row's own Check.
	Check func(t *testing.T, c FaultCase, f *Transport)
	// Parallel runs the rows in parallel.
	Parallel bool
}

// Run runs cases as subtests of t, one per row.
func (fs Faults) Run(t *testing.T, cases []FaultCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if fs.Parallel {
				t.Parallel()
			}
			before := runtime.NumGoroutine()
			f := &Transport{Fault: c.Fault}
			var dev *usb.DeviceFile
			if fs.Replay != nil {
				f.Transport, dev = fs.Replay(t), Device(t, fs.Recording)
			} else {
				f.Transport, dev = Open(t, fs.Recording)
			}
			if fs.Then != nil {
				f.Then = fs.Then(c)
			}
			r, err := fs.Open(f, dev)
			if err != nil {
				t.Fatal(err)
			}
			timeout := fs.Timeout
			if timeout == 0 {
				timeout = 10 * time.Second
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			s, err := r.Capture(ctx, nil)
			if !errors.Is(err, c.Want) || s != nil {
				t.Fatalf("Capture() = %v, %v; want no sample and %v", s, err, c.Want)
			}
			if !f.Hit() {
				t.Fatal("the capture failed before the fault was reached")
			}
			if fs.Prefix != "" && !strings.HasPrefix(err.Error(), fs.Prefix) {
				t.Errorf("error %q does not begin %q", err, fs.Prefix)
			}
			if c.Check != nil {
				c.Check(t, f)
			}
			if fs.Check != nil {
				fs.Check(t, c, f)
			}
			r.Close()
			NoGoroutineLeft(t, before)
		})
	}
}

// NoGoroutineLeft fails the test if, within a second, the number of
// goroutines does not fall back to before.
func NoGoroutineLeft(t testing.TB, before int) {
	t.Helper()
	for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left behind", n-before)
	}
}

// NothingAfter is a Faults.Check for a sensor that measures one-shot: a
// driver that gives up starts no transfer after the fault and leaves it
// idle.
func NothingAfter(t *testing.T, _ FaultCase, f *Transport) {
	t.Helper()
	if n := f.After(); n != 0 {
		t.Errorf("%d transfers after the fault", n)
	}
}

// NothingPending is a Faults.Check: once Capture returned, every transfer
// the driver submitted was waited for or cancelled.
func NothingPending(t *testing.T, _ FaultCase, f *Transport) {
	t.Helper()
	if n := f.Pending(); n != 0 {
		t.Errorf("%d transfers left pending", n)
	}
}

// GoneIfUnplugged is a Faults.Then: after an Unplug every transfer fails
// (Gone); after any other fault the recording goes on.
func GoneIfUnplugged(c FaultCase) usb.Transport {
	if c.Fault.Break == Unplug {
		return Gone{}
	}
	return nil
}

// GiveUp captures from r as for a person who never puts a finger on, until
// the caller's deadline after wait: Capture must return that deadline, not
// a reader timeout (device.ErrTimeout), and report nothing but waiting for
// a finger. It returns that event.
func GiveUp(t testing.TB, r device.Reader, wait time.Duration) device.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	events := make(chan device.Event, 8)
	_, err := r.Capture(ctx, events)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, device.ErrTimeout) {
		t.Fatalf("err = %v, want the caller's deadline, not a reader timeout", err)
	}
	close(events)
	var kinds []device.EventKind
	var first device.Event
	for e := range events {
		if kinds = append(kinds, e.Kind); len(kinds) == 1 {
			first = e
		}
	}
	if len(kinds) != 1 || kinds[0] != device.WaitingForFinger {
		t.Errorf("events %v, want only %v", kinds, device.WaitingForFinger)
	}
	return first
}
