package uru4000_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/uru4000"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

func recording(t testing.TB) string {
	t.Helper()
	dir, err := shared.Path("usb-recordings/uru4500")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEmulationRandMatchesGLib(t *testing.T) {
	draw := uru4000.EmulationRand()
	for i, want := range []uint32{0x51EA2124, 0x735A3120, 0x63735D1F} {
		if got := draw(); got != want {
			t.Errorf("draw %d = %#x, want %#x", i, got, want)
		}
	}
}

func TestReplayU4500IsPixelIdentical(t *testing.T) {
	dir := recording(t)
	rep, dev, err := usb.OpenRecording(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := uru4000.Open(rep, dev.VID, dev.PID, uru4000.Options{Rand: uru4000.EmulationRand()})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan device.Event, 16)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, events)
	if err != nil {
		t.Fatal(err)
	}
	want, w, h, err := shared.GrayPNG(filepath.Join(dir, "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Image.Rect.Dx() != w || s.Image.Rect.Dy() != h {
		t.Fatalf("image %v, want %dx%d", s.Image.Rect, w, h)
	}
	if diff := shared.DiffPixels(s.Image.Pix, want); diff != 0 {
		t.Errorf("%d of %d pixels differ from capture.png", diff, len(want))
	}
	sum := sha256.Sum256(s.Image.Pix)
	if got := hex.EncodeToString(sum[:]); got != "8ba5d9303f6672904992883ef7025257c9b3ea111cb51275c684808cf46d8a96" {
		t.Errorf("sha256 = %s, want readers.md §9's", got)
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
	if s.Reader.Name != "U.are.U 4000B / 4500" || s.DPI != 500 {
		t.Errorf("sample reader %+v dpi %v", s.Reader, s.DPI)
	}
}

func TestReplayWithAnotherSeedStopsAtTheKeyExchange(t *testing.T) {
	rep, dev, err := usb.OpenRecording(recording(t))
	if err != nil {
		t.Fatal(err)
	}
	seed := uint32(0x12345678)
	r, _ := uru4000.Open(rep, dev.VID, dev.PID, uru4000.Options{Rand: func() uint32 { return seed }})
	_, err = r.Capture(context.Background(), nil)
	var div *usb.DivergenceError
	if !errors.As(err, &div) || div.Next == nil {
		t.Fatalf("err = %v, want a divergence", err)
	}
	if !strings.Contains(div.Error(), "setup 40 04 33 00") || !strings.Contains(div.Error(), "data 00 24 21 ea 51") ||
		!strings.Contains(div.Error(), "data 00 78 56 34 12") {
		t.Errorf("divergence does not show both sides of the 0x33 write: %v", div)
	}
	if !errors.Is(err, device.ErrTimeout) {
		t.Errorf("a divergence should read as a reader that stopped answering: %v", err)
	}
}

func BenchmarkReplayU4500(b *testing.B) {
	dir := recording(b)
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
		r, _ := uru4000.Open(rep, dev.VID, dev.PID, uru4000.Options{Rand: uru4000.EmulationRand()})
		if _, err := r.Capture(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}
