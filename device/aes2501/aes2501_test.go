package aes2501_test

import (
	"testing"

	"aalogon/device"
	"aalogon/device/aes2501"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
)

func TestReplayAES2501IsPixelIdentical(t *testing.T) {
	events := make(chan device.Event, 16)
	s, rep := drivertest.Replay(t, "aes2501", events)
	drivertest.SameAsPNG(t, s, "aes2501")
	drivertest.AllReplayed(t, rep)
	drivertest.WantEvents(t, events, drivertest.Swipe...)
	if s.Reader.Driver != "aes2501" || s.Reader.Name != "AuthenTec AES2501" || s.Reader.Presentation != device.Swipe || s.DPI != aes2501.DPI {
		t.Errorf("sample reader %+v dpi %v", s.Reader, s.DPI)
	}
}

// The swipe must give a record the AA server can take: an ISO/IEC 19794-2
// template of the image's size and the sensor's resolution.
func TestReplayAES2501GivesATemplate(t *testing.T) {
	s, _ := drivertest.Replay(t, "aes2501", nil)
	drivertest.Template(t, s, aes2501.DPI)
}

// BenchmarkReplayAES2501 replays one capture: some 750 finger-detection
// polls, 48 strips and the assembly.
func BenchmarkReplayAES2501(b *testing.B) {
	recs, dev := drivertest.Records(b, "aes2501")
	drivertest.Bench(b, drivertest.Transcript(recs, dev), func(tr usb.Transport) (device.Reader, error) {
		return aes2501.Open(tr, drivertest.Info(dev), aes2501.Options{})
	})
}
