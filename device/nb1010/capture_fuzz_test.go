package nb1010_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/nb1010"
	"aalogon/device/usb"
)

// hostile is a device that answers every IN transfer from a script: a
// length byte (below 0x80: that many bytes; 0x80 and up: the transfer's
// size less the excess), then the bytes. When the script ends the device
// is gone. It accepts every OUT transfer.
type hostile struct{ script []byte }

func (h *hostile) next(n int) ([]byte, error) {
	if len(h.script) == 0 {
		return nil, usb.ErrGone
	}
	l := int(h.script[0])
	h.script = h.script[1:]
	k := min(l, n)
	if l >= 0x80 {
		k = max(n-(l-0x80), 0)
	}
	k = min(k, len(h.script))
	b := bytes.Clone(h.script[:k])
	h.script = h.script[k:]
	return b, nil
}

func (h *hostile) Control(_ context.Context, s usb.Setup, data []byte) (int, error) {
	if !s.In() {
		return len(data), nil
	}
	b, err := h.next(len(data))
	return copy(data, b), err
}

func (h *hostile) Submit(ep uint8, n int, _ []byte) (usb.Transfer, error) {
	if ep&0x80 == 0 {
		return answered{}, nil
	}
	b, err := h.next(n)
	return answered{b, err}, nil
}

func (h *hostile) Close() error { return nil }

type answered struct {
	data []byte
	err  error
}

func (a answered) Wait(context.Context) ([]byte, error) { return a.data, a.err }
func (answered) Cancel()                                {}

// reply is a whole transfer of b in a hostile script.
func reply(b []byte) []byte { return append([]byte{0x80}, b...) }

// FuzzCapture drives a capture against a device that answers anything:
// the image assembly from the chunks included. The capture gives a
// 256×180 image or an error a person can be told about (the reader
// answered something unexpected, or is gone), never a panic.
func FuzzCapture(f *testing.F) {
	ok := func(code, level byte) []byte {
		r := make([]byte, 16)
		r[0], r[1], r[12] = 0x80, code, level
		return reply(r)
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
		good = append(good, reply(chunk)...)
	}
	f.Add(good)
	f.Add(good[:len(good)-100])
	f.Add(append(ok(0x37, 0x40), 0x04, 0x80, 0, 0, 0))
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, script []byte) {
		r, err := nb1010.Open(&hostile{script: script}, nb1010.VID, nb1010.PID, nb1010.Options{PollInterval: time.Nanosecond})
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
