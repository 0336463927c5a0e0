package aes3500_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"aalogon/device"
	"aalogon/device/aes3500"
	"aalogon/device/internal/drivertest"
	"aalogon/device/readers"
	"aalogon/device/usb"
)

// The recording is a umockdev .ioctl tree: libfprint writes `80 00` six
// times while activating and the recorder kept it once, filed the image
// read under the last capture write, so only umockdev's own matching
// (usb.TreeReplay, as drivertest.Open gives it) follows it; usb.Replay's
// strict order cannot.

func TestReplayAES3500IsPixelIdentical(t *testing.T) {
	events := make(chan device.Event, 8)
	s, rep := drivertest.Replay(t, "aes3500", events)
	drivertest.SameAsPNG(t, s, "aes3500")
	if s.Image.Rect.Dx() != aes3500.Width || s.Image.Rect.Dy() != aes3500.Height {
		t.Fatalf("image %v, want %dx%d", s.Image.Rect, aes3500.Width, aes3500.Height)
	}
	if rest := rep.Remaining(); len(rest) != 0 {
		t.Errorf("%d recorded transfers never replayed, first %v", len(rest), rest[0])
	}
	if s.DPI != 500 || s.Reader.Driver != "aes3500" || s.Reader.Presentation != device.Press {
		t.Errorf("sample DPI %g, reader %+v", s.DPI, s.Reader)
	}
	drivertest.WantEvents(t, events, drivertest.Swipe...)
}

// The replayed image is a usable fingerprint: a template comes out, and
// its ISO/IEC 19794-2 record reads back with the image's size and the
// sensor's resolution.
func TestReplayAES3500MakesATemplate(t *testing.T) {
	s, _ := drivertest.Replay(t, "aes3500", nil)
	back := drivertest.Template(t, s, aes3500.DPI)
	if back.Width != aes3500.Width || back.Height != aes3500.Height {
		t.Errorf("record %dx%d, want %dx%d", back.Width, back.Height, aes3500.Width, aes3500.Height)
	}
	if len(back.Views[0].Minutiae) == 0 {
		t.Error("no minutiae")
	}
}

// BenchmarkReplayAES3500 replays one capture: transport, register writes
// and decoding (enlargement included).
func BenchmarkReplayAES3500(b *testing.B) {
	recs, dev := drivertest.Records(b, "aes3500")
	drivertest.Bench(b, drivertest.Tree(recs, dev), func(tr usb.Transport) (device.Reader, error) {
		return readers.Open(tr, drivertest.Info(dev), device.OpenOptions{Replay: true})
	})
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
	rep, dev := drivertest.Open(t, "aes3500")
	l := &logged{Transport: rep}
	drivertest.Capture(t, drivertest.OpenReader(t, l, dev), nil)
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
