package nb1010_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"aalogon/device/nb1010"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

func TestReplayNB1010IsPixelIdentical(t *testing.T) {
	dir, err := shared.Path("usb-recordings/nb1010")
	if err != nil {
		t.Fatal(err)
	}
	rep, dev, err := usb.OpenRecording(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := nb1010.Open(rep, dev.VID, dev.PID, nb1010.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, w, h, err := shared.GrayPNG(filepath.Join(dir, "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	if w != nb1010.Width || h != nb1010.Height {
		t.Fatalf("capture.png is %dx%d", w, h)
	}
	if diff := shared.DiffPixels(s.Image.Pix, want); diff != 0 {
		t.Errorf("%d of %d pixels differ from capture.png", diff, len(want))
	}
	sum := sha256.Sum256(s.Image.Pix)
	if got := hex.EncodeToString(sum[:]); got != "109c2187aeb38c6414524f69b3c55032103205219f9a76226dafbe2a0b88477f" {
		t.Errorf("sha256 = %s, want readers.md §9's", got)
	}
	if rest := rep.Remaining(); len(rest) != 0 {
		t.Errorf("%d records not consumed, first %v", len(rest), rest[0])
	}
}

// BenchmarkReplayNB1010 replays one capture: "protocol" with the reader's
// 50 ms finger poll, "decode" with the poll shortened to measure the
// transport and driver alone.
func BenchmarkReplayNB1010(b *testing.B) {
	dir, err := shared.Path("usb-recordings/nb1010")
	if err != nil {
		b.Fatal(err)
	}
	recs, err := usb.ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		b.Fatal(err)
	}
	dev, _ := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	for _, bc := range []struct {
		name string
		poll time.Duration
	}{{"protocol", 0}, {"decode", time.Nanosecond}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rep := usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: dev.EndpointTypes})
				r, _ := nb1010.Open(rep, dev.VID, dev.PID, nb1010.Options{PollInterval: bc.poll})
				if _, err := r.Capture(context.Background(), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
