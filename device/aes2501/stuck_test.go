package aes2501_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/aes2501"
	"aalogon/device/usb"
)

// stuck is an AES2501 with a finger that never leaves: every detection
// histogram shows it and every strip is full of ridges.
type stuck struct {
	mu     sync.Mutex
	strips int
}

func (s *stuck) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (s *stuck) Close() error                                            { return nil }
func (s *stuck) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	b := make([]byte, n)
	switch n {
	case 20: // finger detection: every nibble lit
		for i := 1; i < 9; i++ {
			b[i] = 0xff
		}
	case 1705: // a strip: ridges, a full histogram, the register dump
		s.mu.Lock()
		s.strips++
		k := s.strips
		s.mu.Unlock()
		for i := 1; i < 1537; i++ {
			b[i] = byte(i*7 + k*13)
		}
		b[1537] = 0xde
		for i := range 16 {
			b[1538+2*i] = 100
		}
		dump := b[1579:]
		dump[0] = 0x80
		dump[(0x97-0x80)*2+1] = 0x08 // data format: threshold 8
	}
	return done(b), nil
}

type done []byte

func (d done) Wait(context.Context) ([]byte, error) { return d, nil }
func (done) Cancel()                                {}

// A finger left on the sensor does not grow the image without end: the
// capture stops after 150 strips, libfprint's MAX_FRAMES.
func TestFingerLeftOnTheSensorEndsTheSwipe(t *testing.T) {
	s := &stuck{}
	r, err := aes2501.Open(s, device.Info{VID: 0x08ff, PID: 0x2580}, aes2501.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sample, err := r.Capture(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.strips != 150 {
		t.Errorf("%d strips read, want 150", s.strips)
	}
	if w := sample.Image.Rect.Dx(); w != aes2501.Width {
		t.Errorf("image %v, want %d wide", sample.Image.Rect.Size(), aes2501.Width)
	}
}
