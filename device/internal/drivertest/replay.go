// Package drivertest holds the mechanics every reader driver's tests share:
// a recording of usb-recordings/ replayed through the registry, its image
// compared with capture.png pixel for pixel, the events and leftovers of
// the replay, the ISO/IEC 19794-2 record made from it, the replay
// benchmark, and a transport that breaks one transfer on purpose with a
// table runner for the fault tests (fault.go, faults.go). What a driver
// alone knows (its image size, resolution, leftovers, protocol) stays in
// its own tests.
package drivertest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

// Dir returns the folder of the recording name ("vfs0050",
// "upektc_img") under usb-recordings/.
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	dir, err := shared.Path("usb-recordings/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Open opens the recording name as `aalogon device replay` does
// (usb.OpenRecording): a pcapng transcript in strict order, an ioctl log as
// umockdev's tree.
func Open(tb testing.TB, name string) (usb.Recording, *usb.DeviceFile) {
	tb.Helper()
	rep, dev, err := usb.OpenRecording(Dir(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	return rep, dev
}

// Device reads the device file of the recording name.
func Device(tb testing.TB, name string) *usb.DeviceFile {
	tb.Helper()
	dev, err := usb.ReadDeviceFile(filepath.Join(Dir(tb, name), "device"))
	if err != nil {
		tb.Fatal(err)
	}
	return dev
}

// Records reads the recording name's transfers (capture.pcapng, else
// capture.ioctl) and its device file, for tests and benchmarks that build
// their replay themselves.
func Records(tb testing.TB, name string) ([]usb.Record, *usb.DeviceFile) {
	tb.Helper()
	dir, dev := Dir(tb, name), Device(tb, name)
	read, file := usb.ReadIoctl, "capture.ioctl"
	if p := filepath.Join(dir, "capture.pcapng"); exists(p) {
		read, file = usb.ReadPcapng, "capture.pcapng"
	}
	recs, err := read(filepath.Join(dir, file))
	if err != nil {
		tb.Fatal(err)
	}
	return recs, dev
}

// Info is the registry's view of the recorded device.
func Info(dev *usb.DeviceFile) device.Info {
	return device.Info{VID: dev.VID, PID: dev.PID, Bus: dev.Bus, Address: dev.Dev}
}

// OpenReader opens the recorded device on tr through the registry
// (readers.Open with Replay set), closed when the test ends.
func OpenReader(tb testing.TB, tr usb.Transport, dev *usb.DeviceFile) device.Reader {
	tb.Helper()
	r, err := readers.Open(tr, Info(dev), device.OpenOptions{Replay: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}

// Capture captures once from r within 30 s and fails the test on an error.
func Capture(tb testing.TB, r device.Reader, events chan<- device.Event) *device.Sample {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, events)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Replay opens the recording name through the registry and captures once,
// as `aalogon device replay` does; it returns the sample and the replay,
// whose leftovers the caller checks.
func Replay(tb testing.TB, name string, events chan<- device.Event) (*device.Sample, usb.Recording) {
	tb.Helper()
	s, rep, _ := ReplayNoting(tb, name, events)
	return s, rep
}

// ReplayNoting is Replay that also returns the Transport (with no fault)
// between the driver and the replay, which noted what the driver wrote.
func ReplayNoting(tb testing.TB, name string, events chan<- device.Event) (*device.Sample, usb.Recording, *Transport) {
	tb.Helper()
	rep, dev := Open(tb, name)
	out := &Transport{Transport: rep}
	return Capture(tb, OpenReader(tb, out, dev), events), rep, out
}
