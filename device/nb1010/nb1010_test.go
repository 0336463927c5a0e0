package nb1010_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/nb1010"
	"aalogon/device/usb"
)

func TestReplayNB1010IsPixelIdentical(t *testing.T) {
	rep, dev := drivertest.Open(t, "nb1010")
	r, err := nb1010.Open(rep, dev.VID, dev.PID, nb1010.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := drivertest.Capture(t, r, nil)
	drivertest.SameAsPNG(t, s, "nb1010")
	if w, h := s.Image.Rect.Dx(), s.Image.Rect.Dy(); w != nb1010.Width || h != nb1010.Height {
		t.Fatalf("image is %dx%d", w, h)
	}
	sum := sha256.Sum256(s.Image.Pix)
	if got := hex.EncodeToString(sum[:]); got != "109c2187aeb38c6414524f69b3c55032103205219f9a76226dafbe2a0b88477f" {
		t.Errorf("sha256 = %s, want readers.md §9's", got)
	}
	drivertest.AllReplayed(t, rep)
}

// BenchmarkReplayNB1010 replays one capture: "protocol" with the reader's
// 50 ms finger poll, "decode" with the poll shortened to measure the
// transport and driver alone.
func BenchmarkReplayNB1010(b *testing.B) {
	recs, dev := drivertest.Records(b, "nb1010")
	for _, bc := range []struct {
		name string
		poll time.Duration
	}{{"protocol", 0}, {"decode", time.Nanosecond}} {
		b.Run(bc.name, func(b *testing.B) {
			drivertest.Bench(b, func() usb.Transport {
				return usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: dev.EndpointTypes})
			}, func(tr usb.Transport) (device.Reader, error) {
				return nb1010.Open(tr, dev.VID, dev.PID, nb1010.Options{PollInterval: bc.poll})
			})
		})
	}
}
