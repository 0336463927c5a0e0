package egis0570_test

import (
	"testing"

	"aalogon/device"
	"aalogon/device/egis0570"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
)

func TestReplayEgis0570IsPixelIdentical(t *testing.T) {
	events := make(chan device.Event, 16)
	s, rep := drivertest.Replay(t, "egis0570", events)
	drivertest.SameAsPNG(t, s, "egis0570")
	drivertest.AllReplayed(t, rep)
	drivertest.WantEvents(t, events, drivertest.Swipe...)
	if s.Reader.Driver != "egis0570" || s.Reader.Name != "Egis Technology (LighTuning) 0570" || s.Reader.Presentation != device.Swipe || s.DPI != egis0570.DPI {
		t.Errorf("sample reader %+v dpi %v", s.Reader, s.DPI)
	}
}

// The swipe must give a record the AA server can take: an ISO/IEC 19794-2
// template of the image's size and the sensor's resolution.
func TestReplayEgis0570GivesATemplate(t *testing.T) {
	s, _ := drivertest.Replay(t, "egis0570", nil)
	drivertest.Template(t, s, egis0570.DPI)
}

// BenchmarkReplayEgis0570 replays one capture: some 750 finger-detection
// polls, 48 strips and the assembly.
func BenchmarkReplayEgis0570(b *testing.B) {
	recs, dev := drivertest.Records(b, "egis0570")
	drivertest.Bench(b, drivertest.Transcript(recs, dev), func(tr usb.Transport) (device.Reader, error) {
		return egis0570.Open(tr, drivertest.Info(dev), egis0570.Options{})
	})
}
