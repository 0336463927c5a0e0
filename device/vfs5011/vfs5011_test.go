package vfs5011_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"aalogon/device"
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
