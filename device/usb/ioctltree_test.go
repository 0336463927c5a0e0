package usb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device/usb"
)

// treeLog is a umockdev .ioctl tree: command 01 was sent three times and
// got three different replies, command 02 once; umockdev-record wrote the
// repeated command once, with its replies under it.
const treeLog = `@DEV /dev/bus/usb/001/002
USBDEVFS_REAPURBNDELAY 0 3 1 0 0 1 1 0 01
 USBDEVFS_REAPURBNDELAY 0 3 129 0 0 8 1 0 A1
 USBDEVFS_REAPURBNDELAY 0 3 129 0 0 8 1 0 A2
  USBDEVFS_REAPURBNDELAY 0 3 130 0 0 4 2 0 B1B1
 USBDEVFS_REAPURBNDELAY 0 3 129 0 0 8 1 0 A3
USBDEVFS_REAPURBNDELAY 0 3 1 0 0 1 1 0 02
 USBDEVFS_REAPURBNDELAY 0 3 129 0 0 8 2 0 C1C1
`

func newTreeReplay(t *testing.T, stall time.Duration) *usb.TreeReplay {
	t.Helper()
	recs, err := usb.ParseIoctl([]byte(treeLog))
	if err != nil {
		t.Fatal(err)
	}
	return usb.NewTreeReplay(recs, usb.IoctlDepths([]byte(treeLog)), usb.ReplayOptions{Stall: stall})
}

func TestTreeReplayGivesRepeatedRepliesInOrder(t *testing.T) {
	rep := newTreeReplay(t, time.Second)
	ctx := context.Background()
	exchange := func(cmd byte) []byte {
		t.Helper()
		if err := usb.Write(ctx, rep, 0x01, []byte{cmd}); err != nil {
			t.Fatalf("write %02x: %v", cmd, err)
		}
		b, err := usb.Read(ctx, rep, 0x81, 8)
		if err != nil {
			t.Fatalf("reply to %02x: %v", cmd, err)
		}
		return b
	}
	for i, want := range []byte{0xa1, 0xa2} {
		if got := exchange(0x01); len(got) != 1 || got[0] != want {
			t.Errorf("reply %d to 01 = % x, want %02x", i+1, got, want)
		}
	}
	if b, err := usb.Read(ctx, rep, 0x82, 4); err != nil || len(b) != 2 || b[0] != 0xb1 {
		t.Errorf("read under the second reply = % x, %v; want b1 b1", b, err)
	}
	if got := exchange(0x01); len(got) != 1 || got[0] != 0xa3 {
		t.Errorf("reply 3 to 01 = % x, want a3", got)
	}
	if got := exchange(0x02); len(got) != 2 || got[0] != 0xc1 {
		t.Errorf("reply to 02 = % x, want c1 c1", got)
	}
	if rest := rep.Remaining(); len(rest) != 0 {
		t.Errorf("%d URBs not given, first %v", len(rest), rest[0])
	}
	// Replies all given: as umockdev-run, the first one comes again.
	if got := exchange(0x01); len(got) != 1 || got[0] != 0xa1 {
		t.Errorf("reply 4 to 01 = % x, want a1 again", got)
	}
}

func TestTreeReplayReportsWhatItLacks(t *testing.T) {
	rep := newTreeReplay(t, 50*time.Millisecond)
	err := usb.Write(context.Background(), rep, 0x01, []byte{0x7f})
	var div *usb.DivergenceError
	if !errors.As(err, &div) || !errors.Is(err, usb.ErrTimeout) {
		t.Fatalf("unrecorded command: err = %v, want a DivergenceError that is ErrTimeout", err)
	}
	if len(rep.Remaining()) != 7 {
		t.Errorf("Remaining() = %d URBs, want all 7", len(rep.Remaining()))
	}
}

func TestTreeReplayCloseEndsWaitingTransfers(t *testing.T) {
	rep := newTreeReplay(t, time.Minute)
	tr, err := rep.Submit(0x83, 8, nil) // nothing recorded on 0x83
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := tr.Wait(context.Background()); done <- err }()
	rep.Close()
	select {
	case err := <-done:
		if !errors.Is(err, usb.ErrCancelled) {
			t.Errorf("Wait after Close = %v, want ErrCancelled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close left the transfer waiting")
	}
	if _, err := rep.Submit(0x01, 0, []byte{0x01}); !errors.Is(err, usb.ErrGone) {
		t.Errorf("Submit after Close = %v, want ErrGone", err)
	}
}
