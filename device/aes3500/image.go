package aes3500

import (
	"fmt"
	"image"
	"slices"

	"aalogon/device"
	"aalogon/device/aeslib"
	"aalogon/device/assemble"
)

// Image geometry (libfprint aes3500.c, aes3k.c).
const (
	// sensorSide is the sensor's pixel count across and down.
	sensorSide = 128
	// frameRows is how many sensor rows one frame of the image carries.
	frameRows = 16
	// frames is how many frames one image holds.
	frames = sensorSide / frameRows
	// frameBytes: one header byte, then the frame's 4-bit pixels.
	frameBytes = 1 + sensorSide*frameRows/2
	// imageBytes is the image transfer: the frames, then 129 bytes of
	// register dump that are not used.
	imageBytes = 0x2089
	// enlarge is libfprint's enlargement of the image (fpi_image_resize).
	enlarge = 2

	// Width and Height of the images the driver returns.
	Width  = sensorSide * enlarge
	Height = sensorSide * enlarge
)

// Decode turns the image transfer into the sensor's picture as libfprint
// hands it on: the eight frames stacked top to bottom, enlarged twice
// with pixman's bilinear filter, turned by 180° (the sensor scans from
// the far corner) and inverted to dark ridges on light.
func Decode(raw []byte) (*image.Gray, error) {
	if len(raw) != imageBytes {
		return nil, fmt.Errorf("%w: image of %d bytes, want %d", device.ErrProtocol, len(raw), imageBytes)
	}
	sensor := image.NewGray(image.Rect(0, 0, sensorSide, sensorSide))
	for i := range frames {
		f := raw[i*frameBytes : (i+1)*frameBytes]
		aeslib.Unpack(sensor, i*frameRows, f[1:]) // f[0]: frame header, unused
	}
	img := assemble.Enlarge(sensor, enlarge)
	// Flipped left-right and top-bottom: the pixel array reversed.
	slices.Reverse(img.Pix)
	for i, p := range img.Pix {
		img.Pix[i] = 255 - p
	}
	return img, nil
}

// frameHeaders returns each frame's header byte, for the log.
func frameHeaders(raw []byte) []byte {
	h := make([]byte, frames)
	for i := range h {
		h[i] = raw[i*frameBytes]
	}
	return h
}
