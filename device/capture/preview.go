package capture

import "image"

// ridgeInches is the widest ridge period of a finger, 1/50 inch (0.5 mm,
// 10 pixels at 500 dpi): averaged over a square that wide, ridges fade to
// grey.
const ridgeInches = 1.0 / 50

// Preview returns what the window may show of img, a capture at dpi: the
// mean of squares at least one ridge period wide, at most size pixels on
// its longer side. It shows where the finger lay and how firmly it
// pressed, not its ridges: a template extracted from it, enlarged back to
// dpi, does not match the finger (TestPreviewIsNoPrintToMatch).
func Preview(img *image.Gray, dpi float64, size int) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	step := max(1, (max(w, h)+size-1)/size, int(dpi*ridgeInches+0.999))
	out := image.NewGray(image.Rect(0, 0, w/step, h/step))
	for y := range out.Rect.Dy() {
		for x := range out.Rect.Dx() {
			sum := 0
			for yy := y * step; yy < (y+1)*step; yy++ {
				row := img.Pix[img.PixOffset(img.Rect.Min.X+x*step, img.Rect.Min.Y+yy):]
				for _, v := range row[:step] {
					sum += int(v)
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / (step * step))
		}
	}
	return out
}
