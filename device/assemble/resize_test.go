package assemble_test

import (
	"image"
	"testing"

	"aalogon/device/assemble"
)

// Enlarge reproduces pixman's bilinear doubling: each output pixel weighs
// its two nearest source pixels 3:1 in each direction, outside the image
// counts as 0, and the result is truncated.
func TestEnlargeByTwo(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 2, 1))
	src.Pix = []byte{200, 100}
	got := assemble.Enlarge(src, 2)
	if got.Rect.Dx() != 4 || got.Rect.Dy() != 2 {
		t.Fatalf("size %v, want 4x2", got.Rect)
	}
	// Along the row: ¾·200 (left edge: ¼·0), ¾·200+¼·100, ¼·200+¾·100, ¾·100.
	// Down the column each is ¾ of that (the row above and below are 0).
	row := []float64{150, 175, 125, 75}
	for y := range 2 {
		for x := range 4 {
			want := byte(row[x] * 0.75) // 112.5 → 112, 131.25 → 131, 93.75 → 93, 56.25 → 56
			if g := got.GrayAt(x, y).Y; g != want {
				t.Errorf("(%d,%d) = %d, want %d", x, y, g, want)
			}
		}
	}
}
