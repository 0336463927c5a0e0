package upektcimg_test

import (
	"testing"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/readers"
	"aalogon/device/upektcimg"
	"aalogon/device/usb"
)

// The recording: a TCS4 swipe sensor (192 × 512 native, 144 × 384 sent);
// one status without a finger, a type-8 message, the finger, 28 frames,
// deinit.
const (
	width, height = 144, 384
)

func TestReplayUPEKTCImgIsPixelIdentical(t *testing.T) {
	events := make(chan device.Event, 16)
	s, rep := drivertest.Replay(t, "upektc_img", events)
	drivertest.SameAsPNG(t, s, "upektc_img")
	if s.Image.Rect.Dx() != width || s.Image.Rect.Dy() != height {
		t.Fatalf("image %v, want %dx%d", s.Image.Rect, width, height)
	}
	drivertest.AllReplayed(t, rep)
	if s.DPI != upektcimg.DPI || s.Reader.Driver != "upektcimg" || s.Reader.Presentation != device.Swipe {
		t.Errorf("sample DPI %g, reader %+v", s.DPI, s.Reader)
	}
	drivertest.WantEvents(t, events, drivertest.Swipe...)
}

// The replayed image is a usable fingerprint: a template comes out, and
// its ISO/IEC 19794-2 record reads back with the image's size and the
// sensor's resolution.
func TestReplayUPEKTCImgMakesATemplate(t *testing.T) {
	s, _ := drivertest.Replay(t, "upektc_img", nil)
	back := drivertest.Template(t, s, upektcimg.DPI)
	if back.Width != width || back.Height != height {
		t.Errorf("record %dx%d, want %dx%d", back.Width, back.Height, width, height)
	}
	if len(back.Views[0].Minutiae) == 0 {
		t.Error("no minutiae")
	}
}

// BenchmarkReplayUPEKTCImg replays one capture: activation, 28 frames
// with their CRCs and acknowledgements, deinit.
func BenchmarkReplayUPEKTCImg(b *testing.B) {
	recs, dev := drivertest.Records(b, "upektc_img")
	drivertest.Bench(b, drivertest.Transcript(recs, dev), func(tr usb.Transport) (device.Reader, error) {
		return readers.Open(tr, drivertest.Info(dev), device.OpenOptions{Replay: true})
	})
}
