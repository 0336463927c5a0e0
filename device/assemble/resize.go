package assemble

import "image"

// Enlarge scales img up by factor in both directions as libfprint's
// fpi_image_resize does it (pixman, bilinear filter, no repeat): each
// output pixel samples the source at its centre mapped back by 1/factor,
// weighs the four nearest pixels with 7-bit weights, counts pixels outside
// the source as 0, and truncates. Small sensors (AES3500, Egis 0570) are
// enlarged this way before libfprint hands their images on, and their
// recorded images are only reproduced pixel for pixel with the same
// arithmetic.
func Enlarge(img *image.Gray, factor int) *image.Gray {
	sw, sh := img.Rect.Dx(), img.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, sw*factor, sh*factor))
	inv := fixedInverse(factor)
	at := func(x, y int) uint32 {
		if x < 0 || y < 0 || x >= sw || y >= sh {
			return 0
		}
		return uint32(img.Pix[y*img.Stride+x])
	}
	for oy := range out.Rect.Dy() {
		y := transform(inv, oy) - fixedOne/2
		y1, dy := y>>16, weight(y)
		x := transform(inv, 0)
		for ox := range out.Rect.Dx() {
			sx := x - fixedOne/2
			x1, dx := sx>>16, weight(sx)
			out.Pix[oy*out.Stride+ox] = bilinear(at(x1, y1), at(x1+1, y1), at(x1, y1+1), at(x1+1, y1+1), dx, dy)
			x += inv // pixman steps along the row by the matrix's x scale
		}
	}
	return out
}

// Pixman's 16.16 fixed point.
const fixedOne = 1 << 16

// fixedInverse is pixman_transform_scale's reverse scale: 1/factor in
// 16.16, truncated.
func fixedInverse(factor int) int {
	return (fixedOne * fixedOne) / (factor * fixedOne)
}

// transform maps the centre of output pixel i to source coordinates, with
// pixman's rounding of the matrix product.
func transform(inv, i int) int {
	v := int64(i)*fixedOne + fixedOne/2
	return int((int64(inv)*v + 0x8000) >> 16)
}

// weight is pixman_fixed_to_bilinear_weight with 7 interpolation bits.
func weight(x int) uint32 { return uint32(x>>9) & 0x7f }

// bilinear is pixman's bilinear_interpolation on one 8-bit channel.
func bilinear(tl, tr, bl, br, dx, dy uint32) byte {
	dx, dy = dx<<1, dy<<1
	sum := tl*(256-dx)*(256-dy) + tr*dx*(256-dy) + bl*(256-dx)*dy + br*dx*dy
	return byte(sum >> 16)
}
