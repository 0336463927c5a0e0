package upektcimg

import (
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device"
)

// coprocessorScript turns fuzz bytes into the coprocessor's messages.
// Each is a kind byte, a 16-bit big-endian length and that many bytes.
// An odd kind wraps the bytes as the payload of a well-formed message of
// type kind>>1, CRC included, so the fuzzer reaches past the CRC check; an
// even kind sends them as they are.
func coprocessorScript(b []byte) [][]byte {
	var msgs [][]byte
	for len(b) >= 3 {
		kind, n := b[0], int(b[1])<<8|int(b[2])
		b = b[3:]
		n = min(n, len(b), 0x0fff)
		data := b[:n]
		b = b[n:]
		if kind&1 == 1 {
			msgs = append(msgs, message(kind>>1, data))
		} else {
			msgs = append(msgs, append([]byte(nil), data...))
		}
	}
	return msgs
}

// scriptOf is the inverse of coprocessorScript for well-formed messages.
func scriptOf(msgs ...[]byte) []byte {
	var b []byte
	for _, m := range msgs {
		payload := m[headerLen : len(m)-crcLen]
		b = append(b, m[4]<<1|1, byte(len(payload)>>8), byte(len(payload)))
		b = append(b, payload...)
	}
	return b
}

// FuzzCapture runs a whole capture, activation, scan statuses and the
// image frames, against a coprocessor that says anything. It gives an
// image of a known sensor's size, filled exactly by the frames, or an
// error a person can be told about, never a panic.
func FuzzCapture(f *testing.F) {
	const w, h = 144, 384
	px := make([]byte, w*h)
	for i := range px {
		px[i] = byte(i % 251)
	}
	msgs := [][]byte{bareReply(), bareReply(), bareReply(), bareReply(), bareReply(), getInfo(0xe4, 192, 512),
		status(statusNoFinger), status(statusFingerOn), status(statusTooShort), status(statusNoFinger),
		status(statusFingerOn), frame(frameFirst, px[:2032])}
	rest := px[2032:]
	for len(rest) > 172 {
		msgs = append(msgs, frame(frameMore, rest[:2042]))
		rest = rest[2042:]
	}
	msgs = append(msgs, frame(frameLast, rest))
	f.Add(scriptOf(msgs...))
	f.Add(scriptOf(msgs[:8]...))
	f.Add(scriptOf(bareReply(), bareReply(), bareReply(), bareReply(), bareReply(), getInfo(0x64, 256, 360),
		status(statusFingerOn), frame(frameLast, make([]byte, 192*270))))
	f.Add(append(scriptOf(bareReply()), 0, 0, 9, 'C', 'i', 'a', 'o', 0, 0x0f, 0xff, 1, 2))
	f.Fuzz(func(t *testing.T, script []byte) {
		c := &coprocessor{}
		c.queue(coprocessorScript(script)...)
		r, err := Open(c, 0x147e, 0x2016, Options{})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s, err := r.Capture(ctx, nil)
		if err != nil {
			if !errors.Is(err, device.ErrProtocol) && !errors.Is(err, device.ErrUnsupported) {
				t.Fatalf("an error a person cannot be told about: %v", err)
			}
			return
		}
		b := s.Image.Bounds()
		for _, sn := range sensors {
			if b.Dx() == sn.Width && b.Dy() == sn.Height && len(s.Image.Pix) == sn.Width*sn.Height {
				return
			}
		}
		t.Fatalf("image of %v with %d pixels, no sensor's size", b, len(s.Image.Pix))
	})
}
