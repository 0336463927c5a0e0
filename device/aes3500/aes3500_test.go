package aes3500_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/aes3500"
	"aalogon/device/fingerprint"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

// The recording is a umockdev .ioctl tree: libfprint writes `80 00` six
// times while activating and the recorder kept it once, filed the image
// read under the last capture write, so only umockdev's own matching
// (usb.TreeReplay) follows it; usb.Replay's strict order cannot.
func recording(t testing.TB) (*usb.TreeReplay, *usb.DeviceFile, string) {
	t.Helper()
	dir, err := shared.Path("usb-recordings/aes3500")
	if err != nil {
		t.Fatal(err)
	}
	rep, dev, err := usb.OpenRecording(dir)
	if err != nil {
		t.Fatal(err)
	}
	return rep.(*usb.TreeReplay), dev, dir // an ioctl log replays as umockdev-run does
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

func TestReplayAES3500IsPixelIdentical(t *testing.T) {
	rep, dev, dir := recording(t)
	events := make(chan device.Event, 8)
	s, err := capture(t, rep, dev, events)
	if err != nil {
		t.Fatal(err)
	}
	want, w, h, err := shared.GrayPNG(filepath.Join(dir, "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	if w != aes3500.Width || h != aes3500.Height || s.Image.Rect.Dx() != w || s.Image.Rect.Dy() != h {
		t.Fatalf("image %v, capture.png %dx%d, want %dx%d", s.Image.Rect, w, h, aes3500.Width, aes3500.Height)
	}
	if diff := shared.DiffPixels(s.Image.Pix, want); diff != 0 {
		t.Errorf("%d of %d pixels differ from capture.png", diff, len(want))
	}
	if rest := rep.Remaining(); len(rest) != 0 {
		t.Errorf("%d recorded transfers never replayed, first %v", len(rest), rest[0])
	}
	if s.DPI != 500 || s.Reader.Driver != "aes3500" || s.Reader.Presentation != device.Press {
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
			t.Errorf("events %v, want %v", got, wantEv)
			break
		}
	}
}

// The replayed image is a usable fingerprint: a template comes out, and
// its ISO/IEC 19794-2 record reads back with the image's size and the
// sensor's resolution.
func TestReplayAES3500MakesATemplate(t *testing.T) {
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
	ppcm := fingerprint.DPIToPPCM(aes3500.DPI)
	if back.Width != aes3500.Width || back.Height != aes3500.Height || back.ResX != ppcm || back.ResY != ppcm {
		t.Errorf("record %dx%d at %dx%d ppcm, want %dx%d at %d", back.Width, back.Height, back.ResX, back.ResY,
			aes3500.Width, aes3500.Height, ppcm)
	}
	n := len(back.Views[0].Minutiae)
	t.Logf("%d minutiae from the AES3500 recording", n)
	if n == 0 {
		t.Error("no minutiae")
	}
}

// BenchmarkReplayAES3500 replays one capture: transport, register writes
// and decoding (enlargement included).
func BenchmarkReplayAES3500(b *testing.B) {
	dir, err := shared.Path("usb-recordings/aes3500")
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
		if _, err := capture(b, usb.NewTreeReplay(recs, dev.EndpointTypes), dev, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// logged records every transfer the driver submits.
type logged struct {
	usb.Transport
	mu  sync.Mutex
	out []string
}

func (l *logged) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	l.mu.Lock()
	if ep&0x80 == 0 {
		l.out = append(l.out, fmt.Sprintf("%02x> %x", ep, data))
	} else {
		l.out = append(l.out, fmt.Sprintf("%02x< %d", ep, n))
	}
	l.mu.Unlock()
	return l.Transport.Submit(ep, n, data)
}

// The recording keeps each distinct write once, so the replay alone would
// not notice a driver that skipped a repeated reset release. The driver
// must send libfprint's transfers in libfprint's order (aes3500.c
// init_reqs, capture_reqs, then the image read of 0x2089 bytes).
func TestTransfersAreLibfprints(t *testing.T) {
	rep, dev, _ := recording(t)
	l := &logged{Transport: rep}
	if _, err := capture(t, l, dev, nil); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"02> 8001", "02> 8000", "02> 81008000", "02> 8002", "02> 8000", "02> 8004", "02> 8000", "02> 8100",
		"02> 80008100820483138407853d86038701880289028a338b338c0f8d048e238f07",
		"02> 9000911c9208930094079500961f9704982899009a0b9b009c009d099e539f6b",
		"02> 80008100", "02> 8104", "02> 8100",
		"81< 8329",
	}
	if strings.Join(l.out, "\n") != strings.Join(want, "\n") {
		t.Errorf("transfers:\n%s\nwant:\n%s", strings.Join(l.out, "\n"), strings.Join(want, "\n"))
	}
}
