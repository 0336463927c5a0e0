package usb_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device/usb"
)

// treeLog is a umockdev .ioctl tree: command 01 was sent three times and
// got three different replies (a read on 0x82 came after the second),
// command 02 once; umockdev-record wrote the repeated command once, with
// its replies under it.
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
	return usb.NewTreeReplay(recs, usb.ReplayOptions{Stall: stall})
}

func TestTreeReplaySearchesForwardAsUmockdevRun(t *testing.T) {
	rep := newTreeReplay(t, time.Second)
	ctx := context.Background()
	write := func(cmd byte) {
		t.Helper()
		if err := usb.Write(ctx, rep, 0x01, []byte{cmd}); err != nil {
			t.Fatalf("write %02x: %v", cmd, err)
		}
	}
	read := func(ep uint8, n int, want ...byte) {
		t.Helper()
		b, err := usb.Read(ctx, rep, ep, n)
		if err != nil || !bytes.Equal(b, want) {
			t.Fatalf("read %#02x = % x, %v; want % x", ep, b, err, want)
		}
	}
	write(0x01)
	read(0x81, 8, 0xa1)
	// The command again: found by wrapping round; its first reply again.
	write(0x01)
	read(0x81, 8, 0xa1)
	// Forward from A1: B1 B1 on 0x82, then A3 on 0x81.
	read(0x82, 4, 0xb1, 0xb1)
	read(0x81, 8, 0xa3)
	write(0x02)
	read(0x81, 8, 0xc1, 0xc1)
	rest := rep.Remaining()
	if len(rest) != 1 || rest[0].Endpoint != 0x81 || rest[0].Index != 5 {
		t.Errorf("Remaining() = %v, want only the second reply to 01 (record 5)", rest)
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
