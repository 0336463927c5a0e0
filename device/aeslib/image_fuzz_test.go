package aeslib_test

import (
	"image"
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
