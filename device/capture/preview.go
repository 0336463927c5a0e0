package capture

import "image"

// Thumbnail returns img scaled down, by keeping every n-th pixel, to at
// most size pixels on its longer side. An image already that small is
// copied.
func Thumbnail(img *image.Gray, size int) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	step := max(1, (max(w, h)+size-1)/size)
	out := image.NewGray(image.Rect(0, 0, w/step, h/step))
	for y := range out.Rect.Dy() {
		for x := range out.Rect.Dx() {
			out.Pix[y*out.Stride+x] = img.Pix[img.PixOffset(img.Rect.Min.X+x*step, img.Rect.Min.Y+y*step)]
		}
	}
	return out
}
