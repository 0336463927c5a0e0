package nb1010_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/scriptusb"
	"aalogon/device/nb1010"
)

// FuzzCapture drives a capture against a device that answers anything:
// the image assembly from the chunks included. The capture gives a
// 256×180 image or an error a person can be told about (the reader
// answered something unexpected, or is gone), never a panic.
func FuzzCapture(f *testing.F) {
	ok := func(code, level byte) []byte {
		r := make([]byte, 16)
		r[0], r[1], r[12] = 0x80, code, level
		return scriptusb.Reply(r)
	}
	var good []byte
	good = append(good, ok(0x37, 0x10)...) // no finger yet
	good = append(good, ok(0x37, 0x40)...)
	good = append(good, ok(0, 0)...)
	good = append(good, ok(0, 0)...)
	for k := range 90 {
		chunk := make([]byte, 540)
		for i := range chunk {
			chunk[i] = byte(k + i)
		}
		good = append(good, scriptusb.Reply(chunk)...)
	}
	f.Add(good)
	f.Add(good[:len(good)-100])
	f.Add(append(ok(0x37, 0x40), 0x04, 0x80, 0, 0, 0))
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, script []byte) {
		r, err := nb1010.Open(&scriptusb.Device{Script: script}, nb1010.VID, nb1010.PID, nb1010.Options{PollInterval: time.Nanosecond})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s, err := r.Capture(ctx, nil)
		if err != nil {
			if !errors.Is(err, device.ErrProtocol) && !errors.Is(err, device.ErrUnplugged) {
				t.Fatalf("an error a person cannot be told about: %v", err)
			}
			return
		}
		b := s.Image.Bounds()
		if b.Dx() != nb1010.Width || b.Dy() != nb1010.Height || len(s.Image.Pix) != nb1010.Width*nb1010.Height {
			t.Fatalf("image of %v with %d pixels", b, len(s.Image.Pix))
		}
	})
}
