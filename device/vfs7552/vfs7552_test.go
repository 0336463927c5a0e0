package vfs7552_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/fingerprint"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/device/vfs7552"
	"aalogon/internal/shared"
)

func recordingDir(t testing.TB) string {
	t.Helper()
	dir, err := shared.Path("usb-recordings/vfs7552")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// openRecording opens usb-recordings/vfs7552 for replay. It is
// usb.OpenRecording but for one endpoint type: libfprint reads the interrupt
// endpoint 0x83 with bulk URBs (its RECV action always fills a bulk
// transfer, and the kernel accepts that), so the log says bulk where the
// descriptor says interrupt. OpenRecording takes the descriptor's word and
// would never match those lines.
func openRecording(t testing.TB) (*usb.Replay, *usb.DeviceFile) {
	t.Helper()
	dir := recordingDir(t)
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := usb.ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		t.Fatal(err)
	}
	return usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: asRecorded(dev)}), dev
}

// asRecorded returns the device's endpoint types with 0x83 as libfprint
// used it.
func asRecorded(dev *usb.DeviceFile) map[uint8]uint8 {
	types := map[uint8]uint8{}
	for ep, typ := range dev.EndpointTypes {
		types[ep] = typ
	}
	types[0x83] = usb.TypeBulk
	return types
}

// captureReplay captures once from the recording through the registry, as
// `aalogon device replay` does.
func captureReplay(t testing.TB) (*device.Sample, *usb.Replay, string) {
	t.Helper()
	dir := recordingDir(t)
	rep, dev := openRecording(t)
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

func TestReplayVFS7552IsPixelIdentical(t *testing.T) {
	s, rep, dir := captureReplay(t)
	want, w, h, err := shared.GrayPNG(filepath.Join(dir, "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	if w != vfs7552.Width || h != vfs7552.Height {
		t.Fatalf("capture.png is %dx%d, want %dx%d", w, h, vfs7552.Width, vfs7552.Height)
	}
	if diff := shared.DiffPixels(s.Image.Pix, want); diff != 0 {
		t.Errorf("%d of %d pixels differ from capture.png", diff, len(want))
	}
	if s.DPI != vfs7552.DPI || s.Reader.Driver != "vfs7552" || s.Reader.Presentation != device.Press {
		t.Errorf("sample = %v dpi from %+v", s.DPI, s.Reader)
	}
	if rest := rep.Remaining(); len(rest) != 0 {
		t.Errorf("%d records not consumed, first %v", len(rest), rest[0])
	}
}

func TestReplayVFS7552GivesATemplate(t *testing.T) {
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
	if int(rec.Width) != vfs7552.Width || int(rec.Height) != vfs7552.Height {
		t.Errorf("record is %dx%d, want %dx%d", rec.Width, rec.Height, vfs7552.Width, vfs7552.Height)
	}
	if want := fingerprint.DPIToPPCM(vfs7552.DPI); rec.ResX != want || rec.ResY != want {
		t.Errorf("record resolution %dx%d px/cm, want %d", rec.ResX, rec.ResY, want)
	}
	if len(rec.Views) != 1 {
		t.Fatalf("record has %d views, want 1", len(rec.Views))
	}
	t.Logf("%d minutiae from the %dx%d image", len(rec.Views[0].Minutiae), rec.Width, rec.Height)
}

// BenchmarkReplayVFS7552 replays one capture: initialisation, 33 frames
// (background, finger on, the image, finger off) and the stop.
func BenchmarkReplayVFS7552(b *testing.B) {
	dir := recordingDir(b)
	recs, err := usb.ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		b.Fatal(err)
	}
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		b.Fatal(err)
	}
	types := asRecorded(dev)
	b.ReportAllocs()
	for b.Loop() {
		rep := usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: types})
		r, err := vfs7552.Open(rep, dev.VID, dev.PID, vfs7552.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Capture(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}
