package egis0570

import "image"

// upscale2 doubles an image in both directions as libfprint's
// fpi_image_resize does through pixman: bilinear filtering with the
// sampling grid of a 2× scale transform, 7-bit weights and truncation, and
// nothing (0) beyond the edges. Each output pixel mixes the nearest source
// pixel (weight 3/4 per axis) with its neighbour on the far side of the
// sample point (1/4 per axis).
func upscale2(src *image.Gray) *image.Gray {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dst := image.NewGray(image.Rect(0, 0, 2*w, 2*h))
	at := func(x, y int) uint32 {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 0
		}
		return uint32(src.Pix[y*src.Stride+x])
	}
	// For output coordinate X the sample point is X/2 − 1/4: between
	// source X/2−1 and X/2 at 3/4 when X is even, between (X−1)/2 and
	// (X+1)/2 at 1/4 when X is odd. Weights are in 256ths.
	split := func(X int) (lo int, wHi uint32) {
		if X%2 == 0 {
			return X/2 - 1, 192
		}
		return (X - 1) / 2, 64
	}
	for Y := range 2 * h {
		y0, dy := split(Y)
		for X := range 2 * w {
			x0, dx := split(X)
			v := at(x0, y0)*(256-dx)*(256-dy) + at(x0+1, y0)*dx*(256-dy) +
				at(x0, y0+1)*(256-dx)*dy + at(x0+1, y0+1)*dx*dy
			dst.Pix[Y*dst.Stride+X] = byte(v >> 16)
		}
	}
	return dst
}
