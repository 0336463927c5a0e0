package usb_test

import (
	"context"
	"errors"
	"testing"

	"aalogon/device/usb"
)

// A tree log as umockdev-record writes one when the same message is sent
// twice: one "01" line, both replies under it, then "02" and its reply.
const treeLog = `@DEV /dev/bus/usb/001/002
USBDEVFS_REAPURBNDELAY 0 3 1 0 0 1 1 0 01
 USBDEVFS_REAPURBNDELAY 0 3 129 0 0 4 2 0 AAAA
 USBDEVFS_REAPURBNDELAY 0 3 129 0 0 4 2 0 BBBB
USBDEVFS_REAPURBNDELAY 0 3 1 0 0 1 1 0 02
 USBDEVFS_REAPURBNDELAY 0 3 129 0 0 4 2 0 CCCC
`

func TestTreeReplaySearchesOnFromTheLastMatchAndWraps(t *testing.T) {
	recs, err := usb.ParseIoctl([]byte(treeLog))
	if err != nil {
		t.Fatal(err)
	}
	r := usb.NewTreeReplay(recs, nil)
	ctx := context.Background()
	steps := []struct {
		send byte
		want string
	}{
		{0x01, "\xaa\xaa"}, // first match of each
		{0x02, "\xcc\xcc"}, // skips the second "01" reply
		{0x01, "\xaa\xaa"}, // wraps to the top: umockdev does the same
	}
	for i, s := range steps {
		if err := usb.Write(ctx, r, 0x01, []byte{s.send}); err != nil {
			t.Fatalf("step %d: write %#02x: %v", i, s.send, err)
		}
		got, err := usb.Read(ctx, r, 0x81, 4)
		if err != nil || string(got) != s.want {
			t.Fatalf("step %d: read = % x, %v; want % x", i, got, err, s.want)
		}
	}
	if n := r.Matched(); n != 4 {
		t.Errorf("Matched() = %d, want 4", n)
	}
	if rest := r.Remaining(); len(rest) != 1 || rest[0].Index != 5 || rest[0].Endpoint != 0x81 {
		t.Errorf("Remaining() = %v, want the unread second reply", rest)
	}
}

func TestTreeReplayRefusesWhatTheLogNeverHolds(t *testing.T) {
	recs, err := usb.ParseIoctl([]byte(treeLog))
	if err != nil {
		t.Fatal(err)
	}
	r := usb.NewTreeReplay(recs, nil)
	err = usb.Write(context.Background(), r, 0x01, []byte{0x03})
	var div *usb.DivergenceError
	if !errors.As(err, &div) || div.Next == nil {
		t.Fatalf("Write(03) error = %v, want a divergence naming the next line", err)
	}
	r.Close()
	if err := usb.Write(context.Background(), r, 0x01, []byte{0x01}); !errors.Is(err, usb.ErrGone) {
		t.Errorf("Write after Close error = %v, want %v", err, usb.ErrGone)
	}
}
