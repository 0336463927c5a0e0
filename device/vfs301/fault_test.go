package vfs301_test

import (
	"errors"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
	"aalogon/device/vfs301"
)

// stopped reports whether the driver sent the stop command (0x04) and then
// the idle program after it.
func stopped(f *drivertest.Transport) bool {
	written := f.Writes()
	for i, w := range written {
		if len(w) == 1 && w[0] == 0x04 {
			return i+1 < len(written) && len(written[i+1]) > 1000
		}
	}
	return false
}

func TestFaults(t *testing.T) {
	// stopSent: the fault came after the swipe was armed.
	fault := func(name string, f drivertest.Fault, want error, stopSent bool) drivertest.FaultCase {
		return drivertest.FaultCase{Name: name, Fault: f, Want: want, Check: func(t *testing.T, f *drivertest.Transport) {
			if stopSent && !stopped(f) {
				t.Error("the scan was not stopped after the fault")
			}
		}}
	}
	drivertest.Faults{
		Recording: "vfs301",
		Open: func(tr usb.Transport, dev *usb.DeviceFile) (device.Reader, error) {
			return vfs301.Open(tr, dev.VID, dev.PID, vfs301.Options{PollInterval: time.Millisecond})
		},
		Then: drivertest.GoneIfUnplugged,
	}.Run(t, []drivertest.FaultCase{
		fault("unplugged during activation", drivertest.Fault{Endpoint: 0x82, Length: 53248, Nth: 1, Break: drivertest.Unplug}, device.ErrUnplugged, false),
		fault("calibration scan cut short", drivertest.Fault{Endpoint: 0x82, Length: 11648, Nth: 1, Break: drivertest.Short}, device.ErrProtocol, false),
		fault("version reply never comes", drivertest.Fault{Endpoint: 0x81, Length: 38, Nth: 2, Break: drivertest.Hang}, device.ErrTimeout, false),
		// The first 7-byte reply belongs to activation; the second is the
		// first swipe check.
		fault("swipe check never answers", drivertest.Fault{Endpoint: 0x81, Length: 7, Nth: 2, Break: drivertest.Hang}, device.ErrTimeout, true),
		fault("swipe check answers garbage", drivertest.Fault{Endpoint: 0x81, Length: 7, Nth: 2, Break: drivertest.Garbage}, device.ErrProtocol, true),
		fault("swipe header cut short", drivertest.Fault{Endpoint: 0x82, Length: 64, Nth: 1, Break: drivertest.Short}, device.ErrProtocol, true),
		fault("unplugged mid-swipe", drivertest.Fault{Endpoint: 0x82, Length: 84096, Nth: 1, Break: drivertest.Unplug}, device.ErrUnplugged, false),
		fault("strip never comes", drivertest.Fault{Endpoint: 0x82, Length: 84032, Nth: 1, Break: drivertest.Hang}, device.ErrTimeout, true),
	})
}

// A person who walks away while the reader waits for a swipe: the capture
// ends with the context, and the armed scan is stopped all the same.
func TestCancelWhileWaitingForSwipe(t *testing.T) {
	rep, dev := drivertest.Open(t, "vfs301")
	f := &drivertest.Transport{Transport: rep} // no fault: the log answers "no swipe" first
	r, err := vfs301.Open(f, dev.VID, dev.PID, vfs301.Options{PollInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	drivertest.GiveUp(t, r, 200*time.Millisecond)
	if !stopped(f) {
		t.Error("the armed scan was not stopped")
	}
}

func TestOpenRefusesOtherReaders(t *testing.T) {
	rep, _ := drivertest.Open(t, "vfs301")
	if _, err := vfs301.Open(rep, 0x138a, 0x0050, vfs301.Options{}); !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("Open(138a:0050) error = %v, want %v", err, device.ErrUnsupported)
	}
}
