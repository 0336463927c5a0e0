package vfs7552

import (
	"context"
	"encoding/binary"
	"errors"
	"log/slog"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/scriptusb"
)

// frameScript is a ready state and the chunks of one frame of pixels,
// each chunk a whole 4806-byte transfer of up to 40 lines.
func frameScript(pixel func(i int) byte) []byte {
	b := append([]byte{6}, frameReady, 0, 0, 0, 0, 0)
	for line := 0; line < side; line += 40 {
		lines := min(40, side-line)
		chunk := make([]byte, chunkLen)
		binary.LittleEndian.PutUint16(chunk[2:4], uint16(lines*lineLen))
		for l := range lines {
			for x := range side {
				chunk[chunkHeader+l*lineLen+controlPixels+x] = pixel((line+l)*side + x)
			}
		}
		b = append(append(b, 0x80), chunk...)
	}
	return b
}

// FuzzFrameUntil reads frames from a sensor that answers anything, for
// each phase: the frame it settles on is whole (112×112), its variance
// ends the phase, and it doubles into the 224×224 image pixel for pixel;
// any failure is one a person can be told about. Chunks announcing no
// whole line make no progress but each costs a transfer, so a finite
// script always ends.
func FuzzFrameUntil(f *testing.F) {
	bg := frameScript(func(int) byte { return 200 })
	finger := frameScript(func(i int) byte { return byte(200 - 30*(i%2)) })
	f.Add(append(bg, finger...), uint8(takeImage))
	f.Add(append(bg, finger...), uint8(awaitFinger))
	f.Add(append(append(bg, []byte{6, frameFingerOff, 0, 0, 0, 0, 0}...), bg...), uint8(awaitLift))
	f.Add(append([]byte{6, frameNotReady, 0, 0, 0, 0, 0}, bg[:500]...), uint8(takeImage))
	f.Add([]byte{6, 0x33, 0, 0, 0, 0, 0}, uint8(takeImage))
	f.Add(append([]byte{6, frameReady, 0, 0, 0, 0, 0, 10}, 0, 0, 0xff, 0xff, 0, 0, 1, 2, 3, 4), uint8(takeImage))
	f.Fuzz(func(t *testing.T, script []byte, ph uint8) {
		p := phase(ph % 3)
		r := &Reader{t: &scriptusb.Device{Script: script}, log: slog.New(slog.DiscardHandler)}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		frame, err := r.frameUntil(ctx, p)
		if err != nil {
			if err := wrap("capture", err); !errors.Is(err, device.ErrProtocol) && !errors.Is(err, device.ErrUnplugged) {
				t.Fatalf("an error a person cannot be told about: %v", err)
			}
			return
		}
		if len(frame) != frameSize {
			t.Fatalf("a frame of %d pixels, want %d", len(frame), frameSize)
		}
		if v := variance(frame); !p.done(v) {
			t.Fatalf("phase %d ended on a frame of variance %d", p, v)
		}
		img := upscale(frame)
		if img.Rect.Dx() != Width || img.Rect.Dy() != Height {
			t.Fatalf("upscaled to %v", img.Rect)
		}
		for y := range Height {
			for x := range Width {
				if img.Pix[y*img.Stride+x] != frame[y/2*side+x/2] {
					t.Fatalf("pixel (%d,%d) is not frame pixel (%d,%d)", x, y, x/2, y/2)
				}
			}
		}
	})
}
