package aeslib_test

import (
	"image"
	"slices"
	"testing"

	"aalogon/device/aeslib"
)

// FuzzUnpack: any packed frame unpacks into any image from any row inside
// it without a panic, writes only grey levels 17·v into the rows the frame
// covers, leaves the other rows alone and agrees with Pixel.
func FuzzUnpack(f *testing.F) {
	f.Add([]byte{0x10, 0xf0, 0x0f, 0xab}, uint8(2), uint8(4), uint8(0))
	f.Add(make([]byte, 128*16/2), uint8(127), uint8(128), uint8(112))
	f.Add([]byte{1, 2, 3}, uint8(1), uint8(5), uint8(3))
	f.Add([]byte{}, uint8(3), uint8(3), uint8(0))
	f.Fuzz(func(t *testing.T, frame []byte, w, h, top uint8) {
		width, height := int(w)+1, int(h)%200+1 // Unpack needs a column
		row := int(top) % (height + 1)
		dst := image.NewGray(image.Rect(0, 0, width, height))
		for i := range dst.Pix {
			dst.Pix[i] = 1 // not a grey level Unpack writes
		}
		aeslib.Unpack(dst, row, frame)
		rows := 2 * (len(frame) / width) // whole columns only
		for y := range height {
			for x := range width {
				got := dst.Pix[y*dst.Stride+x]
				inside := y >= row && y < row+rows
				switch {
				case !inside && got != 1:
					t.Fatalf("pixel (%d,%d) outside the frame's rows %d–%d written", x, y, row, row+rows-1)
				case inside && got != aeslib.Pixel(frame, rows, x, y-row):
					t.Fatalf("pixel (%d,%d) = %d, Pixel says %d", x, y, got, aeslib.Pixel(frame, rows, x, y-row))
				case inside && got%17 != 0:
					t.Fatalf("pixel (%d,%d) = %d, not a 4-bit grey level", x, y, got)
				}
			}
		}
	})
}

// FuzzEnlarge: any image (sub-images with a longer stride included)
// enlarges to exactly factor times its size, no pixel brighter than the
// brightest source pixel, as a weighted mean of neighbours is.
func FuzzEnlarge(f *testing.F) {
	f.Add([]byte{0, 255, 17, 34}, uint8(2), uint8(2), uint8(2), false)
	f.Add([]byte{200}, uint8(7), uint8(3), uint8(3), true)
	f.Add([]byte{}, uint8(0), uint8(5), uint8(1), false)
	f.Fuzz(func(t *testing.T, pix []byte, w, h, factor uint8, sub bool) {
		sw, sh, k := int(w)%96, int(h)%96, int(factor)%4+1
		img := image.NewGray(image.Rect(0, 0, sw+3, sh+2))
		for i := range img.Pix {
			if len(pix) > 0 {
				img.Pix[i] = pix[i%len(pix)]
			}
		}
		src := img.SubImage(image.Rect(0, 0, sw+3, sh+2)).(*image.Gray)
		if sub {
			src = img.SubImage(image.Rect(2, 1, sw+2, sh+1)).(*image.Gray)
		}
		brightest := byte(0)
		for y := range src.Rect.Dy() {
			brightest = max(brightest, slices.Max(append([]byte{0}, src.Pix[y*src.Stride:y*src.Stride+src.Rect.Dx()]...)))
		}
		out := aeslib.Enlarge(src, k)
		if out.Rect.Dx() != k*src.Rect.Dx() || out.Rect.Dy() != k*src.Rect.Dy() {
			t.Fatalf("%v enlarged %d times is %v", src.Rect, k, out.Rect)
		}
		if m := slices.Max(append([]byte{0}, out.Pix...)); m > brightest {
			t.Fatalf("an enlarged pixel of %d, the source's brightest is %d", m, brightest)
		}
	})
}
