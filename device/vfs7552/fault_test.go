package vfs7552_test

import (
	"errors"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
	"aalogon/device/vfs7552"
)

// stopped reports whether the driver tried to stop the sensor (command
// 0x04). After a fault the replay cannot answer it, so trying is all a test
// can see.
func stopped(f *drivertest.Transport) bool {
	for _, w := range f.Writes() {
		if len(w) == 1 && w[0] == 0x04 {
			return true
		}
	}
	return false
}

func TestFaults(t *testing.T) {
	// stopSent: the fault came after imaging started.
	fault := func(name string, f drivertest.Fault, want error, stopSent bool) drivertest.FaultCase {
		return drivertest.FaultCase{Name: name, Fault: f, Want: want, Check: func(t *testing.T, f *drivertest.Transport) {
			if got := stopped(f); got != stopSent {
				t.Errorf("stop sent = %v, want %v", got, stopSent)
			}
		}}
	}
	drivertest.Faults{
		Recording: "vfs7552",
		// A short stall, so that a driver that goes on after a fault learns
		// it quickly.
		Replay: func(t *testing.T) usb.Transport { rep, _ := newReplay(t, 100*time.Millisecond); return rep },
		Open: func(tr usb.Transport, _ *usb.DeviceFile) (device.Reader, error) {
			return vfs7552.Open(tr, vfs7552.VID, vfs7552.PID, vfs7552.Options{})
		},
		Then: drivertest.GoneIfUnplugged,
	}.Run(t, []drivertest.FaultCase{
		fault("unplugged during initialisation", drivertest.Fault{Endpoint: 0x81, Length: 64, Nth: 1, Break: drivertest.Unplug}, device.ErrUnplugged, false),
		fault("image start answer cut short", drivertest.Fault{Endpoint: 0x81, Length: 2048, Nth: 1, Break: drivertest.Short}, device.ErrProtocol, false),
		// Six 64-byte replies belong to initialisation; the seventh is the
		// first "is a frame ready?" answer.
		fault("frame state garbage", drivertest.Fault{Endpoint: 0x81, Length: 64, Nth: 7, Break: drivertest.Garbage}, device.ErrProtocol, true),
		fault("frame state never comes", drivertest.Fault{Endpoint: 0x81, Length: 64, Nth: 7, Break: drivertest.Hang}, device.ErrTimeout, true),
		fault("image chunk cut short", drivertest.Fault{Endpoint: 0x81, Length: 4806, Nth: 1, Break: drivertest.Short}, device.ErrProtocol, true),
		fault("image chunk never comes", drivertest.Fault{Endpoint: 0x81, Length: 4806, Nth: 1, Break: drivertest.Hang}, device.ErrTimeout, true),
		fault("unplugged mid-frame", drivertest.Fault{Endpoint: 0x81, Length: 4806, Nth: 2, Break: drivertest.Unplug}, device.ErrUnplugged, true),
	})
}

// A person who walks away while the sensor waits for a finger: the capture
// ends with the context, no finger is reported, and the sensor is stopped.
func TestCancelWhileWaitingForFinger(t *testing.T) {
	rep, _ := newReplay(t, 100*time.Millisecond)
	f := &drivertest.Transport{Transport: rep, Fault: drivertest.Fault{Endpoint: 0x83, Length: 8, Nth: 1, Break: drivertest.Hang}}
	r, err := vfs7552.Open(f, vfs7552.VID, vfs7552.PID, vfs7552.Options{})
	if err != nil {
		t.Fatal(err)
	}
	drivertest.GiveUp(t, r, 300*time.Millisecond)
	if !stopped(f) {
		t.Error("the sensor was not stopped")
	}
}

func TestOpenRefusesOtherReaders(t *testing.T) {
	rep, _ := newReplay(t, 0)
	if _, err := vfs7552.Open(rep, 0x138a, 0x0090, vfs7552.Options{}); !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("Open(138a:0090) error = %v, want %v", err, device.ErrUnsupported)
	}
}
