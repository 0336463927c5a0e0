package upektcimg_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/upektcimg"
	"aalogon/device/usb"
)

// standIn is the coprocessor once the recording is left after a fault: it
// takes every write and answers every read with a bare reply, so the test
// sees what the driver sends on its way out. An unplugged reader fails
// every transfer instead (drivertest.Gone).
type standIn struct{}

// bareReply is a valid message with nothing in it.
var bareReplyBytes = []byte{'C', 'i', 'a', 'o', 0x01, 0x00, 0x00, 0x30, 0x37}

func (standIn) Control(_ context.Context, _ usb.Setup, data []byte) (int, error) {
	return len(data), nil
}
func (standIn) Close() error { return nil }
func (standIn) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	if ep&0x80 == 0 {
		return done(nil), nil
	}
	return done(append([]byte(nil), bareReplyBytes...)), nil
}

func after(c drivertest.FaultCase) usb.Transport {
	if c.Fault.Break == drivertest.Unplug {
		return drivertest.Gone{}
	}
	return standIn{}
}

// deinitSent reports whether the driver sent deinit after the fault.
func deinitSent(f *drivertest.Transport) bool {
	for _, w := range f.WritesAfter() {
		if len(w) > 4 && bytes.HasPrefix(w, []byte("Ciao")) && w[4] == 0x07 {
			return true
		}
	}
	return false
}

type done []byte

func (d done) Wait(context.Context) ([]byte, error) { return d, nil }
func (done) Cancel()                                {}

func TestFaults(t *testing.T) {
	// Reads: 6 during activation, 3 statuses (7–9), then each frame's
	// head and rest: the first frame is reads 10 and 11.
	read := func(n int, b drivertest.Break) drivertest.Fault { return drivertest.Fault{Nth: n, Break: b} }
	drivertest.Faults{
		Recording: "upektc_img",
		Open: func(tr usb.Transport, dev *usb.DeviceFile) (device.Reader, error) {
			return upektcimg.Open(tr, dev.VID, dev.PID, upektcimg.Options{})
		},
		Then: after,
		Check: func(t *testing.T, c drivertest.FaultCase, f *drivertest.Transport) {
			if c.Fault.Break != drivertest.Unplug && !deinitSent(f) {
				t.Error("no deinit after the fault: the coprocessor was left scanning")
			}
		},
	}.Run(t, []drivertest.FaultCase{
		{Name: "unplugged during the image", Fault: read(13, drivertest.Unplug), Want: device.ErrUnplugged},
		{Name: "unplugged while activating", Fault: read(2, drivertest.Unplug), Want: device.ErrUnplugged},
		{Name: "short frame", Fault: read(11, drivertest.Short), Want: device.ErrProtocol},
		{Name: "garbage frame", Fault: read(14, drivertest.Garbage), Want: device.ErrProtocol},
		{Name: "garbage sensor description", Fault: read(6, drivertest.Garbage), Want: device.ErrProtocol},
		{Name: "no answer with the finger on", Fault: read(12, drivertest.Hang), Want: device.ErrTimeout},
	})
}

// A person who never swipes: cancelling the wait ends Capture with the
// cancellation (not a reader fault), deinit still goes out, and nothing
// but WaitingForFinger was reported.
func TestCancelWhileWaitingForFinger(t *testing.T) {
	rep, dev := drivertest.Open(t, "upektc_img")
	// The first status (read 7) never comes: nobody swipes.
	f := &drivertest.Transport{Transport: rep, Fault: drivertest.Fault{Nth: 7, Break: drivertest.Hang}, Then: standIn{}}
	r, err := upektcimg.Open(f, dev.VID, dev.PID, upektcimg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	drivertest.GiveUp(t, r, 300*time.Millisecond)
	if !deinitSent(f) {
		t.Error("no deinit after the cancellation")
	}
}

func TestOpenRefusesOtherIDs(t *testing.T) {
	if _, err := upektcimg.Open(nil, 0x147e, 0x2017, upektcimg.Options{}); !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("Open(147e:2017) error = %v, want ErrUnsupported", err)
	}
}
