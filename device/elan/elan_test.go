package elan_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/elan"
	"aalogon/device/fingerprint"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

func recording(tb testing.TB) string {
	tb.Helper()
	dir, err := shared.Path("usb-recordings/elan")
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

// replay captures once from the recording through the registry, as
// `aalogon device replay` does.
func replay(t *testing.T, events chan<- device.Event) (*device.Sample, usb.Recording) {
	t.Helper()
	rep, dev, err := usb.OpenRecording(recording(t))
	if err != nil {
		t.Fatal(err)
	}
	r, err := readers.Open(rep, device.Info{VID: dev.VID, PID: dev.PID}, device.OpenOptions{Replay: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, events)
	if err != nil {
		t.Fatal(err)
	}
	return s, rep
}

func TestReplayElanIsPixelIdentical(t *testing.T) {
	events := make(chan device.Event, 16)
	s, rep := replay(t, events)
	want, w, h, err := shared.GrayPNG(filepath.Join(recording(t), "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Image.Rect.Dx() != w || s.Image.Rect.Dy() != h {
		t.Fatalf("image %v, want %dx%d", s.Image.Rect, w, h)
	}
	if diff := shared.DiffPixels(s.Image.Pix, want); diff != 0 {
		t.Errorf("%d of %d pixels differ from capture.png", diff, len(want))
	}
	if rest := rep.Remaining(); len(rest) != 0 {
		t.Errorf("%d records not consumed, first %v", len(rest), rest[0])
	}
	close(events)
	var kinds []string
	for e := range events {
		kinds = append(kinds, e.Kind.String())
	}
	if got := strings.Join(kinds, ","); got != "waiting for finger,finger on,capturing,finger off" {
		t.Errorf("events = %s", got)
	}
	if s.Reader.Driver != "elan" || s.Reader.Name != "ElanTech Fingerprint Sensor 0c26" || s.Reader.Presentation != device.Swipe || s.DPI != elan.DPI {
		t.Errorf("sample reader %+v dpi %v", s.Reader, s.DPI)
	}
}

// The swipe must give a record the AA server can take: an ISO/IEC 19794-2
// template of the image's size and the sensor's resolution.
func TestReplayElanGivesATemplate(t *testing.T) {
	s, _ := replay(t, nil)
	tpl, err := fingerprint.Extract(s.Image, s.DPI)
	if err != nil {
		t.Fatal(err)
	}
	b, err := tpl.Encode()
	if err != nil {
		t.Fatal(err)
	}
	rec, err := fingerprint.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Views) != 1 {
		t.Fatalf("%d views, want 1", len(rec.Views))
	}
	t.Logf("%d minutiae from the %v swipe", len(rec.Views[0].Minutiae), s.Image.Rect.Size())
	if int(rec.Width) != s.Image.Rect.Dx() || int(rec.Height) != s.Image.Rect.Dy() {
		t.Errorf("record %dx%d, image %v", rec.Width, rec.Height, s.Image.Rect.Size())
	}
	if want := fingerprint.DPIToPPCM(elan.DPI); rec.ResX != want || rec.ResY != want {
		t.Errorf("record resolution %dx%d px/cm, want %d", rec.ResX, rec.ResY, want)
	}
}

// BenchmarkReplayElan replays one capture: calibration, ten frames and the
// assembly.
func BenchmarkReplayElan(b *testing.B) {
	dir := recording(b)
	recs, err := usb.ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		b.Fatal(err)
	}
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		b.Fatal(err)
	}
	info := device.Info{VID: dev.VID, PID: dev.PID}
	b.ReportAllocs()
	for b.Loop() {
		rep := usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: dev.EndpointTypes})
		r, _ := elan.Open(rep, info, elan.Options{Replay: true})
		if _, err := r.Capture(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}
