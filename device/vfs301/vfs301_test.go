package vfs301_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/fingerprint"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/device/vfs301"
	"aalogon/internal/shared"
)

// openRecording opens usb-recordings/vfs301 for replay. Its capture.ioctl is
// a umockdev tree, not a transcript (usb.TreeReplay): umockdev-record merged
// three activations and three swipes into it, and libfprint's own test
// replays one path through it, as TreeReplay does.
func openRecording(t testing.TB) (*usb.TreeReplay, *usb.DeviceFile, string) {
	t.Helper()
	dir, err := shared.Path("usb-recordings/vfs301")
	if err != nil {
		t.Fatal(err)
	}
	rep, dev, err := usb.OpenRecording(dir)
	if err != nil {
		t.Fatal(err)
	}
	return rep.(*usb.TreeReplay), dev, dir // an ioctl log replays as umockdev-run does
}

// captureReplay captures once from the recording through the registry, as
// `aalogon device replay` does.
func captureReplay(t testing.TB) (*device.Sample, *usb.TreeReplay, string) {
	t.Helper()
	rep, dev, dir := openRecording(t)
	r, err := readers.Open(rep, device.Info{VID: dev.VID, PID: dev.PID, Bus: dev.Bus, Address: dev.Dev},
		device.OpenOptions{Replay: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s, rep, dir
}

func TestReplayVFS301IsPixelIdentical(t *testing.T) {
	s, rep, dir := captureReplay(t)
	want, w, h, err := shared.GrayPNG(filepath.Join(dir, "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	if b := s.Image.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("image is %dx%d, capture.png %dx%d", b.Dx(), b.Dy(), w, h)
	}
	if diff := shared.DiffPixels(s.Image.Pix, want); diff != 0 {
		t.Errorf("%d of %d pixels differ from capture.png", diff, len(want))
	}
	if s.DPI != vfs301.DPI || s.Reader.Driver != "vfs301" || s.Reader.Presentation != device.Swipe {
		t.Errorf("sample = %v dpi from %+v", s.DPI, s.Reader)
	}
	checkOnlyDuplicatesLeft(t, rep, dir)
}

// checkOnlyDuplicatesLeft: the tree log cannot be consumed whole (it holds
// three sessions merged), so the check is that every line left over is the
// same exchange as one the capture did replay: the driver sent every message
// the log holds and read every kind of reply.
func checkOnlyDuplicatesLeft(t *testing.T, rep *usb.TreeReplay, dir string) {
	t.Helper()
	all, err := usb.ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		t.Fatal(err)
	}
	left := map[int]bool{}
	for _, r := range rep.Remaining() {
		left[r.Index] = true
	}
	key := func(r usb.Record) string { return fmt.Sprintf("%d %#x %d %x", r.Type, r.Endpoint, r.Length, r.Data) }
	replayed := map[string]bool{}
	for _, r := range all {
		if r.Event == 'S' && !left[r.Index] {
			replayed[key(r)] = true
		}
	}
	for _, r := range rep.Remaining() {
		if !replayed[key(r)] {
			t.Errorf("the capture never made the exchange of %v", r)
		}
	}
	if got, want := rep.Matched(), 70; got != want {
		t.Errorf("%d of the log's lines matched, want %d (libfprint's path)", got, want)
	}
}

func TestReplayVFS301GivesATemplate(t *testing.T) {
	s, _, _ := captureReplay(t)
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
	bounds := s.Image.Bounds()
	if int(rec.Width) != bounds.Dx() || int(rec.Height) != bounds.Dy() {
		t.Errorf("record is %dx%d, image %dx%d", rec.Width, rec.Height, bounds.Dx(), bounds.Dy())
	}
	if want := fingerprint.DPIToPPCM(vfs301.DPI); rec.ResX != want || rec.ResY != want {
		t.Errorf("record resolution %dx%d px/cm, want %d", rec.ResX, rec.ResY, want)
	}
	if len(rec.Views) != 1 || len(rec.Views[0].Minutiae) == 0 {
		t.Fatalf("record has no minutiae: %+v", rec.Views)
	}
	t.Logf("%d minutiae from the %dx%d swipe", len(rec.Views[0].Minutiae), bounds.Dx(), bounds.Dy())
}

// BenchmarkReplayVFS301 replays one capture (activation, swipe, stop,
// assembly) through the tree replay, the swipe poll shortened to 1 ms.
func BenchmarkReplayVFS301(b *testing.B) {
	dir, err := shared.Path("usb-recordings/vfs301")
	if err != nil {
		b.Fatal(err)
	}
	recs, err := usb.ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		b.Fatal(err)
	}
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rep := usb.NewTreeReplay(recs, dev.EndpointTypes)
		r, err := vfs301.Open(rep, dev.VID, dev.PID, vfs301.Options{PollInterval: time.Millisecond})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Capture(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}
