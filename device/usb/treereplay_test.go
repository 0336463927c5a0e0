package usb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device/usb"
)

// A tree recording as umockdev writes it: each distinct transfer once, the
// image read filed under the write it followed, before lines that came
// earlier in time.
const treeLog = `@DEV /dev/bus/usb/003/004
USBDEVFS_GET_CAPABILITIES 0 7D000000
USBDEVFS_REAPURBNDELAY 0 3 2 0 0 2 2 0 8001
USBDEVFS_REAPURBNDELAY 0 3 2 0 0 2 2 0 8000
USBDEVFS_REAPURBNDELAY 0 3 2 0 0 2 2 0 8104
 USBDEVFS_REAPURBNDELAY 0 3 129 0 0 4 3 0 AABBCC
USBDEVFS_REAPURBNDELAY 0 3 2 0 0 2 2 0 8002
`

func newTree(t *testing.T) *usb.TreeReplay {
	t.Helper()
	recs, err := usb.ParseIoctl([]byte(treeLog))
	if err != nil {
		t.Fatal(err)
	}
	return usb.NewTreeReplay(recs, map[uint8]uint8{0x81: usb.TypeBulk, 0x83: usb.TypeInterrupt})
}

func write(t *testing.T, r usb.Transport, data ...byte) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return usb.Write(ctx, r, 0x02, data)
}

// Repeated writes meet their one line again, searching forward from the
// last match and wrapping round, as umockdev does; a read then gets the
// line filed after the write it follows.
func TestTreeReplayMatchesAsUmockdev(t *testing.T) {
	r := newTree(t)
	for _, w := range [][]byte{{0x80, 0x01}, {0x80, 0x00}, {0x80, 0x02}, {0x80, 0x00}, {0x81, 0x04}} {
		if err := write(t, r, w...); err != nil {
			t.Fatalf("write % x: %v", w, err)
		}
	}
	got, err := usb.Read(context.Background(), r, 0x81, 4)
	if err != nil || string(got) != "\xaa\xbb\xcc" {
		t.Fatalf("read = % x, %v, want aa bb cc", got, err)
	}
	if rest := r.Remaining(); len(rest) != 0 {
		t.Errorf("Remaining() = %v, want none", rest)
	}
}

func TestTreeReplayReportsWhatWasNotReplayed(t *testing.T) {
	r := newTree(t)
	if err := write(t, r, 0x80, 0x01); err != nil {
		t.Fatal(err)
	}
	if rest := r.Remaining(); len(rest) != 4 {
		t.Errorf("Remaining() = %d lines, want 4", len(rest))
	}
}

// A write the recording never saw is a divergence (a real sensor that
// stops answering: ErrTimeout), at once.
func TestTreeReplayDivergence(t *testing.T) {
	r := newTree(t)
	err := write(t, r, 0x80, 0x07)
	var d *usb.DivergenceError
	if !errors.As(err, &d) || !errors.Is(err, usb.ErrTimeout) {
		t.Fatalf("err = %v, want a DivergenceError", err)
	}
	if _, err := usb.Read(context.Background(), r, 0x81, 5); !errors.As(err, &d) {
		t.Errorf("read of the wrong length: err = %v, want a DivergenceError", err)
	}
	if _, err := r.Control(context.Background(), usb.Setup{RequestType: 0xc0}, make([]byte, 1)); !errors.As(err, &d) {
		t.Errorf("control: err = %v, want a DivergenceError", err)
	}
}

// An interrupt read with nothing recorded waits, as a quiet sensor does,
// until it is cancelled or the replay closes.
func TestTreeReplayInterruptWaits(t *testing.T) {
	r := newTree(t)
	tr, err := r.Submit(0x83, 64, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := tr.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	tr, _ = r.Submit(0x83, 64, nil)
	r.Close()
	if _, err := tr.Wait(context.Background()); !errors.Is(err, usb.ErrCancelled) {
		t.Errorf("after Close: err = %v, want ErrCancelled", err)
	}
	if _, err := r.Submit(0x02, 0, []byte{0x80, 0x01}); !errors.Is(err, usb.ErrGone) {
		t.Errorf("submit after Close: err = %v, want ErrGone", err)
	}
}
