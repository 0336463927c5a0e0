// Package faultusb breaks a recorded reader on purpose, for the drivers'
// fault tests: one IN transfer comes back short, garbled, never, or as an
// unplug, and every transfer the driver starts afterwards is counted.
package faultusb

import (
	"context"
	"sync"

	"aalogon/device/usb"
)

// Mode is how the chosen transfer fails.
type Mode int

// Modes.
const (
	// Short returns half the bytes.
	Short Mode = iota
	// Garbage returns the full length with every byte inverted.
	Garbage
	// Stall never completes: only the caller's deadline ends the wait.
	Stall
	// Unplug fails as a device gone.
	Unplug
)

// Transport wraps a transport and breaks its At-th IN transfer (from 1).
type Transport struct {
	usb.Transport
	At   int
	Mode Mode

	mu     sync.Mutex
	reads  int
	failed bool // the broken transfer has returned to the driver
	after  int
	sent   [][]byte
}

// After reports how many transfers (control or submitted) the driver
// started after the broken one returned to it: a driver that gives up
// cleanly starts none, unless it powers the sensor down.
func (f *Transport) After() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.after
}

// Sent returns what the driver wrote to OUT endpoints after the broken
// transfer returned to it, transfer by transfer.
func (f *Transport) Sent() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sent
}

// Control implements usb.Transport.
func (f *Transport) Control(ctx context.Context, s usb.Setup, data []byte) (int, error) {
	f.count()
	return f.Transport.Control(ctx, s, data)
}

// Submit implements usb.Transport.
func (f *Transport) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	f.count()
	if ep&0x80 == 0 {
		f.mu.Lock()
		if f.failed {
			f.sent = append(f.sent, append([]byte(nil), data...))
		}
		f.mu.Unlock()
	}
	t, err := f.Transport.Submit(ep, n, data)
	if err != nil || ep&0x80 == 0 {
		return t, err
	}
	f.mu.Lock()
	f.reads++
	hit := f.reads == f.At
	f.mu.Unlock()
	if hit {
		return &broken{t, f}, nil
	}
	return t, nil
}

func (f *Transport) count() {
	f.mu.Lock()
	if f.failed {
		f.after++
	}
	f.mu.Unlock()
}

type broken struct {
	inner usb.Transfer
	f     *Transport
}

func (b *broken) Wait(ctx context.Context) ([]byte, error) {
	defer func() {
		b.f.mu.Lock()
		b.f.failed = true
		b.f.mu.Unlock()
	}()
	switch b.f.Mode {
	case Stall:
		<-ctx.Done()
		b.inner.Cancel()
		return nil, ctx.Err()
	case Unplug:
		b.inner.Cancel()
		return nil, usb.ErrGone
	}
	data, err := b.inner.Wait(ctx)
	if err != nil {
		return data, err
	}
	if b.f.Mode == Short {
		return data[:len(data)/2], nil
	}
	for i := range data {
		data[i] = ^data[i]
	}
	return data, nil
}

func (b *broken) Cancel() { b.inner.Cancel() }
