package aeslib

import "image"

// Images come as 4-bit grey levels, two to a byte: the low nibble is an
// even row, the high nibble the row below it, and bytes run down each
// column before moving to the next (libfprint aes3k_assemble_image and
// aes_get_pixel). A level v is grey 17·v, so 0x0 is 0 and 0xf is 255.

// Pixel returns the grey of pixel (x, y) of a packed frame height rows
// tall (libfprint aes_get_pixel).
func Pixel(frame []byte, height, x, y int) byte {
	b := frame[x*(height/2)+y/2]
	if y%2 == 1 {
		b >>= 4
	}
	return (b & 0x0f) * 17
}

// Unpack writes a packed frame into dst from row top down: the frame is
// dst's width wide and 2·⌊len(frame)/width⌋ rows tall, whole columns only
// (the bytes of a last, partial column are ignored). Rows past dst's
// bottom are dropped.
func Unpack(dst *image.Gray, top int, frame []byte) {
	w := dst.Rect.Dx()
	h := 2 * (len(frame) / w)
	for x := range w {
		for y := 0; y < h; y += 2 {
			b := frame[x*(h/2)+y/2]
			if top+y < dst.Rect.Dy() {
				dst.Pix[(top+y)*dst.Stride+x] = (b & 0x0f) * 17
			}
			if top+y+1 < dst.Rect.Dy() {
				dst.Pix[(top+y+1)*dst.Stride+x] = (b >> 4) * 17
			}
		}
	}
}
