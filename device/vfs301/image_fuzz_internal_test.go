package vfs301

import (
	"bytes"
	"errors"
	"testing"

	"aalogon/device"
)

// FuzzSwipeImage assembles swipes of any strips: data repeated reps
// times, cut into strips at the offsets cuts gives (each byte a step of
// up to 255·7 bytes). No strip panics; a swipe without a whole line is
// ErrProtocol; otherwise the image is 200 pixels wide, at most one row a
// line, its bottom row the first line inverted (the image is flipped), and
// each row differs enough from the row below it, the line taken before.
func FuzzSwipeImage(f *testing.F) {
	line := func(v byte) []byte {
		l := make([]byte, lineLen)
		l[0], l[1] = 0x01, 0xfe
		for i := linePixels; i < linePixels+Width; i++ {
			l[i] = v + byte(i%3)
		}
		return l
	}
	var two []byte
	for _, v := range []byte{10, 10, 90, 91, 200, 20} {
		two = append(two, line(v)...)
	}
	f.Add(append([]byte{7, 7, 7}, two...), []byte{0}, uint8(1))
	f.Add(two, []byte{40, 80}, uint8(3))
	f.Add([]byte{0x01, 0xfe, 3}, []byte{}, uint8(200))
	f.Add([]byte{}, []byte{1}, uint8(0))
	f.Fuzz(func(t *testing.T, data, cuts []byte, reps uint8) {
		data = bytes.Repeat(data, int(reps)%64+1)
		var s swipe
		first := true
		for _, c := range cuts {
			n := min(int(c)*7, len(data))
			s.addStrip(data[:n], first)
			data, first = data[n:], false
		}
		s.addStrip(data, first)
		img, err := s.image()
		if len(s.lines) == 0 {
			if !errors.Is(err, device.ErrProtocol) {
				t.Fatalf("a swipe without lines: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%d lines: %v", len(s.lines), err)
		}
		h := img.Rect.Dy()
		if img.Rect.Dx() != Width || h < 1 || h > len(s.lines) || len(img.Pix) != Width*h {
			t.Fatalf("image of %v from %d lines", img.Rect, len(s.lines))
		}
		row := func(y int) []byte {
			r := bytes.Clone(img.Pix[y*Width : (y+1)*Width])
			for i := range r {
				r[i] = 255 - r[i]
			}
			return r
		}
		if !bytes.Equal(row(h-1), s.lines[0]) {
			t.Fatal("the bottom row is not the first line")
		}
		for y := 0; y+1 < h; y++ {
			if d := lineDiff(row(y), row(y+1)) / Width; d <= lineDiffThreshold {
				t.Fatalf("rows %d and %d differ by %d, not over %d", y, y+1, d, lineDiffThreshold)
			}
		}
	})
}
