package elan_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/elan"
	"aalogon/device/usb"
)

// swiper is an ELAN 0c26 (96×96, old firmware: no self-calibration) on
// which a finger shows for `fingers` finger checks and then leaves; every
// frame it sends is one grey level brighter than the one before.
type swiper struct {
	mu      sync.Mutex
	fingers int
	level   byte
	stops   int
}

func (s *swiper) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (s *swiper) Close() error                                            { return nil }
func (s *swiper) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case ep&0x80 == 0:
		if bytes.Equal(data, []byte{0x00, 0x0b}) {
			s.stops++
		}
		return reply(nil), nil
	case n == 1 && s.fingers > 0:
		s.fingers--
		return reply{0x55}, nil
	case n == 1:
		return silence{}, nil
	case n == 2:
		return reply{0x01, 0x00}, nil
	case n == 4:
		return reply{0x60, 0, 0x60, 0}, nil
	}
	s.level++
	return reply(bytes.Repeat([]byte{s.level, 0}, n/2)), nil
}

type reply []byte

func (r reply) Wait(context.Context) ([]byte, error) { return r, nil }
func (reply) Cancel()                                {}

// silence never answers: the finger check's own deadline ends it.
type silence struct{}

func (silence) Wait(ctx context.Context) ([]byte, error) {
	<-ctx.Done()
	return nil, fmt.Errorf("%w: %w", usb.ErrCancelled, ctx.Err())
}
func (silence) Cancel() {}

// A swipe of three frames is too short to assemble: the person sees the
// finger come and go, and the reader switches off, calibrates and asks for
// the finger again.
func TestShortSwipeAsksAgain(t *testing.T) {
	s := &swiper{fingers: 3}
	r, err := elan.Open(s, device.Info{VID: 0x04f3, PID: 0x0c26}, elan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	events := make(chan device.Event, 16)
	_, err = r.Capture(ctx, events)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the caller's deadline", err)
	}
	close(events)
	var kinds []string
	for e := range events {
		kinds = append(kinds, e.Kind.String())
	}
	if got, want := strings.Join(kinds, ","), "waiting for finger,finger on,capturing,finger off,waiting for finger"; got != want {
		t.Errorf("events = %s, want %s", got, want)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stops != 2 {
		t.Errorf("%d stop commands, want 2 (after the short swipe and on leaving)", s.stops)
	}
}
