package vfs5011_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/fingerprint"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/device/vfs5011"
	"aalogon/internal/shared"
)

// openRecording opens libfprint's VFS5011 recording through the registry,
// as `aalogon device replay` does.
func openRecording(t testing.TB) (*usb.TreeReplay, device.Reader, string) {
	t.Helper()
	dir, err := shared.Path("usb-recordings/vfs5011")
	if err != nil {
		t.Fatal(err)
	}
	rep, dev, err := usb.OpenIoctlTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	info := device.Info{VID: dev.VID, PID: dev.PID, Bus: dev.Bus, Address: dev.Dev}
	r, err := readers.Open(rep, info, device.OpenOptions{Replay: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return rep, r, dir
}

func capture(t testing.TB, r device.Reader) *device.Sample {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReplayVFS5011IsPixelIdentical(t *testing.T) {
	rep, r, dir := openRecording(t)
	if got := r.Info(); got.Driver != "vfs5011" || got.Presentation != device.Swipe {
		t.Errorf("Info() = %+v, want the vfs5011 driver, swipe", got)
	}
	s := capture(t, r)
	want, w, h, err := shared.GrayPNG(filepath.Join(dir, "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Image.Bounds(); got.Dx() != w || got.Dy() != h {
		t.Fatalf("image is %dx%d, capture.png %dx%d", got.Dx(), got.Dy(), w, h)
	}
	if diff := shared.DiffPixels(s.Image.Pix, want); diff != 0 {
		t.Errorf("%d of %d pixels differ from capture.png", diff, len(want))
	}
	if s.DPI != vfs5011.DPI {
		t.Errorf("DPI = %v, want %v", s.DPI, vfs5011.DPI)
	}
	for _, rec := range rep.Remaining() {
		t.Errorf("not replayed: %v", rec)
	}
}

// TestReplayVFS5011GivesAnISORecord: the replayed swipe goes through the
// extractor into an ISO/IEC 19794-2 record with the image's size and the
// sensor's resolution. The recording was made with something other than a
// finger (libfprint asks contributors not to submit real prints), so the
// minutia count says little; it is logged.
func TestReplayVFS5011GivesAnISORecord(t *testing.T) {
	_, r, _ := openRecording(t)
	s := capture(t, r)
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
	w, h := s.Image.Bounds().Dx(), s.Image.Bounds().Dy()
	if int(rec.Width) != w || int(rec.Height) != h {
		t.Errorf("record is %dx%d, image %dx%d", rec.Width, rec.Height, w, h)
	}
	if want := fingerprint.DPIToPPCM(vfs5011.DPI); rec.ResX != want || rec.ResY != want {
		t.Errorf("record resolution %dx%d px/cm, want %d", rec.ResX, rec.ResY, want)
	}
	if len(rec.Views) != 1 {
		t.Fatalf("%d views, want 1", len(rec.Views))
	}
	t.Logf("vfs5011 replay: %dx%d image, %d minutiae, quality %d", w, h, len(rec.Views[0].Minutiae), tpl.Quality)
}

// BenchmarkReplayVFS5011 replays one capture: initialisation, arming, the
// swipe, its assembly and the re-arming.
func BenchmarkReplayVFS5011(b *testing.B) {
	dir, err := shared.Path("usb-recordings/vfs5011")
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		b.Fatal(err)
	}
	recs, err := usb.ParseIoctl(raw)
	if err != nil {
		b.Fatal(err)
	}
	depths := usb.IoctlDepths(raw)
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rep := usb.NewTreeReplay(recs, depths, usb.ReplayOptions{EndpointTypes: dev.EndpointTypes})
		r, _ := vfs5011.Open(rep, dev.VID, dev.PID, vfs5011.Options{})
		if _, err := r.Capture(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}
