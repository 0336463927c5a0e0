package upektcimg_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/fingerprint"
	"aalogon/device/readers"
	"aalogon/device/upektcimg"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

// The recording: a TCS4 swipe sensor (192 × 512 native, 144 × 384 sent);
// one status without a finger, a type-8 message, the finger, 28 frames,
// deinit.
const (
	width, height = 144, 384
)

func recording(t testing.TB) (usb.Recording, *usb.DeviceFile, string) {
	t.Helper()
	dir, err := shared.Path("usb-recordings/upektc_img")
	if err != nil {
		t.Fatal(err)
	}
	rep, dev, err := usb.OpenRecording(dir)
	if err != nil {
		t.Fatal(err)
	}
	return rep, dev, dir
}

// capture opens the recording through the registry, as `aalogon device
// replay` does, and captures once.
func capture(t testing.TB, tr usb.Transport, dev *usb.DeviceFile, events chan<- device.Event) (*device.Sample, error) {
	t.Helper()
	info := device.Info{VID: dev.VID, PID: dev.PID, Bus: dev.Bus, Address: dev.Dev}
	r, err := readers.Open(tr, info, device.OpenOptions{Replay: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return r.Capture(ctx, events)
}

func TestReplayUPEKTCImgIsPixelIdentical(t *testing.T) {
	rep, dev, dir := recording(t)
	events := make(chan device.Event, 16)
	s, err := capture(t, rep, dev, events)
	if err != nil {
		t.Fatal(err)
	}
	want, w, h, err := shared.GrayPNG(filepath.Join(dir, "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	if w != width || h != height || s.Image.Rect.Dx() != w || s.Image.Rect.Dy() != h {
		t.Fatalf("image %v, capture.png %dx%d, want %dx%d", s.Image.Rect, w, h, width, height)
	}
	if diff := shared.DiffPixels(s.Image.Pix, want); diff != 0 {
		t.Errorf("%d of %d pixels differ from capture.png", diff, len(want))
	}
	if rest := rep.Remaining(); len(rest) != 0 {
		t.Errorf("%d records not consumed, first %v", len(rest), rest[0])
	}
	if s.DPI != upektcimg.DPI || s.Reader.Driver != "upektcimg" || s.Reader.Presentation != device.Swipe {
		t.Errorf("sample DPI %g, reader %+v", s.DPI, s.Reader)
	}
	close(events)
	var got []device.EventKind
	for e := range events {
		got = append(got, e.Kind)
	}
	wantEv := []device.EventKind{device.WaitingForFinger, device.FingerOn, device.Capturing, device.FingerOff}
	if len(got) != len(wantEv) {
		t.Fatalf("events %v, want %v", got, wantEv)
	}
	for i := range got {
		if got[i] != wantEv[i] {
			t.Fatalf("events %v, want %v", got, wantEv)
		}
	}
}

// The replayed image is a usable fingerprint: a template comes out, and
// its ISO/IEC 19794-2 record reads back with the image's size and the
// sensor's resolution.
func TestReplayUPEKTCImgMakesATemplate(t *testing.T) {
	rep, dev, _ := recording(t)
	s, err := capture(t, rep, dev, nil)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := fingerprint.Extract(s.Image, s.DPI)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := tpl.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := fingerprint.Decode(rec)
	if err != nil {
		t.Fatal(err)
	}
	ppcm := fingerprint.DPIToPPCM(upektcimg.DPI)
	if back.Width != width || back.Height != height || back.ResX != ppcm || back.ResY != ppcm {
		t.Errorf("record %dx%d at %dx%d ppcm, want %dx%d at %d", back.Width, back.Height, back.ResX, back.ResY,
			width, height, ppcm)
	}
	n := len(back.Views[0].Minutiae)
	t.Logf("%d minutiae from the upektc_img recording", n)
	if n == 0 {
		t.Error("no minutiae")
	}
}

// BenchmarkReplayUPEKTCImg replays one capture: activation, 28 frames
// with their CRCs and acknowledgements, deinit.
func BenchmarkReplayUPEKTCImg(b *testing.B) {
	dir, err := shared.Path("usb-recordings/upektc_img")
	if err != nil {
		b.Fatal(err)
	}
	recs, err := usb.ReadPcapng(filepath.Join(dir, "capture.pcapng"))
	if err != nil {
		b.Fatal(err)
	}
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rep := usb.NewReplay(recs, usb.ReplayOptions{Bus: dev.Bus, Dev: dev.Dev, EndpointTypes: dev.EndpointTypes})
		if _, err := capture(b, rep, dev, nil); err != nil {
			b.Fatal(err)
		}
	}
}
