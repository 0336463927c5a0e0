package aes3500_test

import (
	"errors"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/aes3500"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
)

func TestFaults(t *testing.T) {
	// Transfers: 10 activation writes, 3 arming writes, then the image read (14).
	at := func(n int, b drivertest.Break) drivertest.Fault {
		return drivertest.Fault{Nth: n, Writes: true, Break: b}
	}
	drivertest.Faults{
		Recording: "aes3500",
		Open: func(tr usb.Transport, dev *usb.DeviceFile) (device.Reader, error) {
			return aes3500.Open(tr, dev.VID, dev.PID, aes3500.Options{})
		},
		Check:    drivertest.NothingPending, // else the sensor was not deactivated
		Parallel: true,
	}.Run(t, []drivertest.FaultCase{
		{Name: "unplugged while activating", Fault: at(3, drivertest.Unplug), Want: device.ErrUnplugged},
		{Name: "unplugged while waiting for the finger", Fault: at(14, drivertest.Unplug), Want: device.ErrUnplugged},
		{Name: "short image", Fault: at(14, drivertest.Short), Want: device.ErrProtocol},
		{Name: "image endpoint stalls", Fault: at(14, drivertest.Stall), Want: device.ErrProtocol},
		{Name: "register write stalls", Fault: at(12, drivertest.Stall), Want: device.ErrProtocol},
		{Name: "a register write is never answered", Fault: at(9, drivertest.Hang), Want: device.ErrTimeout},
	})
}

// A person who never puts a finger on: cancelling the wait ends Capture
// with the cancellation, the image read is cancelled and nothing but
// WaitingForFinger was reported.
func TestCancelWhileWaitingForFinger(t *testing.T) {
	rep, dev := drivertest.Open(t, "aes3500")
	// The image read (transfer 14) never comes: nobody puts a finger on.
	f := &drivertest.Transport{Transport: rep, Fault: drivertest.Fault{Nth: 14, Writes: true, Break: drivertest.Hang}}
	r, err := aes3500.Open(f, dev.VID, dev.PID, aes3500.Options{})
	if err != nil {
		t.Fatal(err)
	}
	drivertest.GiveUp(t, r, 200*time.Millisecond)
	if n := f.Pending(); n != 0 {
		t.Errorf("%d transfers left pending", n)
	}
	if !f.BrokenCancelled() {
		t.Error("the image read was not cancelled: the sensor was left armed")
	}
}

func TestOpenRefusesOtherIDs(t *testing.T) {
	if _, err := aes3500.Open(nil, 0x08ff, 0x2580, aes3500.Options{}); !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("Open(08ff:2580) error = %v, want ErrUnsupported", err)
	}
}
