package drivertest

import (
	"context"
	"sync"

	"aalogon/device/usb"
)

// Break is how the chosen transfer fails.
type Break int

// Breaks.
const (
	// Unplug fails as a device gone (usb.ErrGone).
	Unplug Break = iota
	// Short returns half the bytes.
	Short
	// Garbage returns the full length with every byte inverted.
	Garbage
	// Hang never completes: only the caller's deadline ends the wait.
	Hang
	// Stall fails as a halted endpoint (usb.ErrStall).
	Stall
)

// Fault chooses the transfer to break: the Nth (from 1) of those on
// Endpoint (0: any) of Length bytes (0: any), counting IN transfers only
// unless Writes is set. Nth 0 breaks nothing.
type Fault struct {
	Endpoint uint8
	Length   int
	Nth      int
	Writes   bool
	Break    Break
}

// Transport wraps a transport (usually a replay) and breaks the transfer
// Fault chooses. It notes what the driver wrote, which transfers are still
// pending and what the driver did after the fault.
type Transport struct {
	usb.Transport
	Fault Fault
	// Then, if set, takes every transfer submitted after the broken one in
	// place of the wrapped transport: Gone for an unplugged reader, a
	// stand-in for a recording that does not go on after a fault.
	Then usb.Transport

	mu        sync.Mutex
	seen      int
	hit       *transfer
	returned  bool // the broken transfer has returned to the driver
	after     int
	writes    [][]byte
	afterOut  [][]byte
	transfers []*transfer
}

// Hit reports whether the chosen transfer was submitted.
func (f *Transport) Hit() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hit != nil
}

// BrokenCancelled reports whether the driver cancelled the broken transfer.
func (f *Transport) BrokenCancelled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hit != nil && f.hit.cancelled
}

// After reports how many transfers (control or submitted) the driver
// started after the broken one returned to it.
func (f *Transport) After() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.after
}

// Writes returns every OUT transfer the driver submitted, in order.
func (f *Transport) Writes() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}

// WritesAfter returns the OUT transfers submitted after the broken one
// returned to the driver.
func (f *Transport) WritesAfter() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.afterOut
}

// Pending counts the transfers submitted and neither waited for to the
// end nor cancelled: none once a capture has returned.
func (f *Transport) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, t := range f.transfers {
		if !t.ended {
			n++
		}
	}
	return n
}

// Control implements usb.Transport.
func (f *Transport) Control(ctx context.Context, s usb.Setup, data []byte) (int, error) {
	f.mu.Lock()
	if f.returned {
		f.after++
	}
	then := f.thenLocked()
	f.mu.Unlock()
	return then.Control(ctx, s, data)
}

// Submit implements usb.Transport.
func (f *Transport) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	f.mu.Lock()
	if f.returned {
		f.after++
	}
	out := ep&0x80 == 0
	if out {
		w := append([]byte(nil), data...)
		f.writes = append(f.writes, w)
		if f.returned {
			f.afterOut = append(f.afterOut, w)
		}
	}
	then := f.thenLocked()
	hit := false
	if f.hit == nil && f.Fault.Nth > 0 && (!out || f.Fault.Writes) &&
		(f.Fault.Endpoint == 0 || ep == f.Fault.Endpoint) && (f.Fault.Length == 0 || n == f.Fault.Length) {
		f.seen++
		hit = f.seen == f.Fault.Nth
	}
	f.mu.Unlock()
	inner, err := then.Submit(ep, n, data)
	if err != nil {
		return inner, err
	}
	t := &transfer{inner: inner, f: f}
	f.mu.Lock()
	if hit {
		f.hit = t
	}
	f.transfers = append(f.transfers, t)
	f.mu.Unlock()
	return t, nil
}

func (f *Transport) thenLocked() usb.Transport {
	if f.hit != nil && f.Then != nil {
		return f.Then
	}
	return f.Transport
}

type transfer struct {
	inner     usb.Transfer
	f         *Transport
	ended     bool // under f.mu
	cancelled bool // under f.mu
}

func (t *transfer) Wait(ctx context.Context) ([]byte, error) {
	f := t.f
	f.mu.Lock()
	broken := f.hit == t
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		t.ended = true
		if broken {
			f.returned = true
		}
		f.mu.Unlock()
	}()
	if !broken {
		return t.inner.Wait(ctx)
	}
	switch f.Fault.Break {
	case Hang:
		<-ctx.Done()
		t.inner.Cancel()
		return nil, ctx.Err()
	case Unplug:
		t.inner.Cancel()
		return nil, usb.ErrGone
	case Stall:
		t.inner.Cancel()
		return nil, usb.ErrStall
	}
	data, err := t.inner.Wait(ctx)
	if err != nil {
		return data, err
	}
	if f.Fault.Break == Short {
		return data[:len(data)/2], nil
	}
	data = append([]byte(nil), data...)
	for i := range data {
		data[i] = ^data[i]
	}
	return data, nil
}

func (t *transfer) Cancel() {
	t.f.mu.Lock()
	t.ended, t.cancelled = true, true
	t.f.mu.Unlock()
	t.inner.Cancel()
}

// Gone is an unplugged reader: every transfer fails with usb.ErrGone.
type Gone struct{}

// Control implements usb.Transport.
func (Gone) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, usb.ErrGone }

// Submit implements usb.Transport.
func (Gone) Submit(uint8, int, []byte) (usb.Transfer, error) { return nil, usb.ErrGone }

// Close implements usb.Transport.
func (Gone) Close() error { return nil }

// Reply is a transfer that completes at once with its bytes, or with the
// caller's cancellation: what a stand-in sensor answers.
type Reply []byte

// Wait implements usb.Transfer.
func (r Reply) Wait(ctx context.Context) ([]byte, error) { return r, ctx.Err() }

// Cancel implements usb.Transfer.
func (Reply) Cancel() {}
