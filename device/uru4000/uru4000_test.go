package uru4000_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/uru4000"
	"aalogon/device/usb"
)

func TestEmulationRandMatchesGLib(t *testing.T) {
	draw := uru4000.EmulationRand()
	for i, want := range []uint32{0x51EA2124, 0x735A3120, 0x63735D1F} {
		if got := draw(); got != want {
			t.Errorf("draw %d = %#x, want %#x", i, got, want)
		}
	}
}

func TestReplayU4500IsPixelIdentical(t *testing.T) {
	rep, dev := drivertest.Open(t, "uru4500")
	r, err := uru4000.Open(rep, dev.VID, dev.PID, uru4000.Options{Rand: uru4000.EmulationRand()})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan device.Event, 16)
	s := drivertest.Capture(t, r, events)
	drivertest.SameAsPNG(t, s, "uru4500")
	sum := sha256.Sum256(s.Image.Pix)
	if got := hex.EncodeToString(sum[:]); got != "8ba5d9303f6672904992883ef7025257c9b3ea111cb51275c684808cf46d8a96" {
		t.Errorf("sha256 = %s, want readers.md §9's", got)
	}
	drivertest.AllReplayed(t, rep)
	drivertest.WantEvents(t, events, drivertest.Swipe...)
	if s.Reader.Name != "U.are.U 4000B / 4500" || s.DPI != 500 {
		t.Errorf("sample reader %+v dpi %v", s.Reader, s.DPI)
	}
}

func TestReplayWithAnotherSeedStopsAtTheKeyExchange(t *testing.T) {
	rep, dev := drivertest.Open(t, "uru4500")
	seed := uint32(0x12345678)
	r, _ := uru4000.Open(rep, dev.VID, dev.PID, uru4000.Options{Rand: func() uint32 { return seed }})
	_, err := r.Capture(context.Background(), nil)
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
	recs, dev := drivertest.Records(b, "uru4500")
	drivertest.Bench(b, drivertest.Transcript(recs, dev), func(tr usb.Transport) (device.Reader, error) {
		return uru4000.Open(tr, dev.VID, dev.PID, uru4000.Options{Rand: uru4000.EmulationRand()})
	})
}
