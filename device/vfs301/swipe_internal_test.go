package vfs301

import (
	"context"
	"errors"
	"testing"

	"aalogon/device"
	"aalogon/device/usb"
)

// endless is a sensor whose swipe never ends: every read is full.
type endless struct{ usb.Transport }

func (endless) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) { return full(n), nil }

type full int

func (f full) Wait(context.Context) ([]byte, error) { return make([]byte, f), nil }
func (full) Cancel()                                {}

// A reader that never ends a swipe is a protocol error after maxStrips
// strips, not an image that grows until memory runs out.
func TestSwipeWithoutEndIsRefused(t *testing.T) {
	r := &Reader{t: endless{}}
	sw, err := r.readSwipe(context.Background())
	if !errors.Is(err, device.ErrProtocol) || sw != nil {
		t.Fatalf("readSwipe = %v, %v; want ErrProtocol after %d strips", sw, err, maxStrips)
	}
}
