package assemble_test

import (
	"image"
	"slices"
	"testing"

	"aalogon/device/assemble"
)

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
		out := assemble.Enlarge(src, k)
		if out.Rect.Dx() != k*src.Rect.Dx() || out.Rect.Dy() != k*src.Rect.Dy() {
			t.Fatalf("%v enlarged %d times is %v", src.Rect, k, out.Rect)
		}
		if m := slices.Max(append([]byte{0}, out.Pix...)); m > brightest {
			t.Fatalf("an enlarged pixel of %d, the source's brightest is %d", m, brightest)
		}
	})
}
