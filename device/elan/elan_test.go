package elan_test

import (
	"testing"

	"aalogon/device"
	"aalogon/device/elan"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
)

func TestReplayElanIsPixelIdentical(t *testing.T) {
	events := make(chan device.Event, 16)
	s, rep := drivertest.Replay(t, "elan", events)
	drivertest.SameAsPNG(t, s, "elan")
	drivertest.AllReplayed(t, rep)
	drivertest.WantEvents(t, events, drivertest.Swipe...)
	if s.Reader.Driver != "elan" || s.Reader.Name != "ElanTech Fingerprint Sensor 0c26" || s.Reader.Presentation != device.Swipe || s.DPI != elan.DPI {
		t.Errorf("sample reader %+v dpi %v", s.Reader, s.DPI)
	}
}

// The swipe must give a record the AA server can take: an ISO/IEC 19794-2
// template of the image's size and the sensor's resolution.
func TestReplayElanGivesATemplate(t *testing.T) {
	s, _ := drivertest.Replay(t, "elan", nil)
	drivertest.Template(t, s, elan.DPI)
}

// BenchmarkReplayElan replays one capture: calibration, ten frames and the
// assembly.
func BenchmarkReplayElan(b *testing.B) {
	recs, dev := drivertest.Records(b, "elan")
	drivertest.Bench(b, func() usb.Transport {
		return usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: dev.EndpointTypes})
	}, func(tr usb.Transport) (device.Reader, error) {
		return elan.Open(tr, drivertest.Info(dev), elan.Options{Replay: true})
	})
}
