package drivertest_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
)

// echo answers every read with n bytes 0..n-1 and takes every write.
type echo struct{}

func (echo) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (echo) Close() error                                            { return nil }
func (echo) Submit(ep uint8, n int, _ []byte) (usb.Transfer, error) {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return reply(b), nil
}

type reply []byte

func (r reply) Wait(ctx context.Context) ([]byte, error) { return r, ctx.Err() }
func (reply) Cancel()                                    {}

func read(t *testing.T, tr usb.Transport, ep uint8, n int) ([]byte, error) {
	t.Helper()
	x, err := tr.Submit(ep, n, nil)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	return x.Wait(ctx)
}

func write(t *testing.T, tr usb.Transport, b byte) {
	t.Helper()
	x, err := tr.Submit(0x01, 0, []byte{b})
	if err == nil {
		_, err = x.Wait(context.Background())
	}
	if err != nil {
		t.Fatal(err)
	}
}

// The fault lands on the Nth matching transfer only, breaks it as asked,
// and what the driver does afterwards is counted.
func TestTransportBreaksTheChosenTransfer(t *testing.T) {
	for _, tc := range []struct {
		name  string
		b     drivertest.Break
		check func(data []byte, err error) bool
	}{
		{"unplug", drivertest.Unplug, func(_ []byte, err error) bool { return errors.Is(err, usb.ErrGone) }},
		{"stall", drivertest.Stall, func(_ []byte, err error) bool { return errors.Is(err, usb.ErrStall) }},
		{"hang", drivertest.Hang, func(_ []byte, err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
		{"short", drivertest.Short, func(d []byte, err error) bool { return err == nil && bytes.Equal(d, []byte{0, 1}) }},
		{"garbage", drivertest.Garbage, func(d []byte, err error) bool {
			return err == nil && bytes.Equal(d, []byte{0xff, 0xfe, 0xfd, 0xfc})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &drivertest.Transport{Transport: echo{}, Fault: drivertest.Fault{Endpoint: 0x81, Length: 4, Nth: 2, Break: tc.b}}
			write(t, f, 1) // a write: not counted
			for _, r := range []struct {
				ep uint8
				n  int
			}{{0x82, 4}, {0x81, 8}, {0x81, 4}} { // other endpoint, other length, first match
				if d, err := read(t, f, r.ep, r.n); err != nil || len(d) != r.n {
					t.Fatalf("read %#x %d before the fault = %v, %v", r.ep, r.n, d, err)
				}
			}
			if f.Hit() || f.After() != 0 {
				t.Fatalf("hit %v, %d after, before the chosen transfer", f.Hit(), f.After())
			}
			if d, err := read(t, f, 0x81, 4); !tc.check(d, err) {
				t.Errorf("broken read = % x, %v", d, err)
			}
			write(t, f, 2)
			if d, err := read(t, f, 0x81, 4); err != nil || !bytes.Equal(d, []byte{0, 1, 2, 3}) {
				t.Errorf("read after the fault = % x, %v: only one transfer breaks", d, err)
			}
			if !f.Hit() || f.After() != 2 || len(f.Writes()) != 2 || len(f.WritesAfter()) != 1 || f.WritesAfter()[0][0] != 2 {
				t.Errorf("hit %v, %d after, writes % x, after % x", f.Hit(), f.After(), f.Writes(), f.WritesAfter())
			}
			if n := f.Pending(); n != 0 {
				t.Errorf("%d pending after every transfer was waited for", n)
			}
		})
	}
}

// Then takes over from the broken transfer on; Pending counts transfers
// neither waited for nor cancelled; a cancelled broken transfer is noted.
func TestTransportThenPendingAndCancel(t *testing.T) {
	f := &drivertest.Transport{Transport: echo{}, Fault: drivertest.Fault{Nth: 1, Writes: true, Break: drivertest.Hang},
		Then: drivertest.Gone{}}
	x, err := f.Submit(0x01, 0, []byte{1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Submit(0x81, 4, nil); !errors.Is(err, usb.ErrGone) {
		t.Errorf("Submit after the fault = %v, want ErrGone from Then", err)
	}
	if _, err := f.Control(context.Background(), usb.Setup{}, nil); !errors.Is(err, usb.ErrGone) {
		t.Errorf("Control after the fault = %v, want ErrGone from Then", err)
	}
	if n := f.Pending(); n != 1 || f.BrokenCancelled() {
		t.Errorf("%d pending, cancelled %v; want the broken write pending", n, f.BrokenCancelled())
	}
	x.Cancel()
	if n := f.Pending(); n != 0 || !f.BrokenCancelled() {
		t.Errorf("%d pending, cancelled %v after Cancel", n, f.BrokenCancelled())
	}
}
