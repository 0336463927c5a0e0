// The VFS0050's swipe image: the lines it streams, trailing noise cut off,
// assembled by device/assemble as libfprint's prepare_image in vfs0050.c
// does.
//
// A 148-byte line (struct vfs_line in vfs0050.h) is: 01 fe, a line number
// (2 bytes), two noise figures, 2 bytes of no known use, the 100 pixels of
// the image row, 32 pixels of a narrow stripe from the centre that sees the
// skin ahead, which the assembly uses to measure the swipe's speed, and 8
// bytes of scan data.

package vfs0050

import (
	"image"

	"aalogon/device/assemble"
)

// Line layout and image limits (vfs0050.h, vfs0050.c).
const (
	lineSize    = 148
	pixelsAt    = 8
	stripeAt    = pixelsAt + Width
	stripeWidth = 32
	// Width of the image, in pixels.
	Width = 100
	// maxHeight: the lines past it are dropped.
	maxHeight = 3000
	// minHeight: a shorter swipe is too short to use.
	minHeight = Width
	// noiseLevel: a line both of whose noise figures lie strictly between
	// it and 256 − it is noise, such as water left on the sensor.
	noiseLevel = 40
)

// lineAssembly is libfprint's assembling_ctx of vfs0050.c.
var lineAssembly = assemble.LineConfig{
	Width:            Width,
	MaxHeight:        maxHeight,
	Resolution:       10,
	MedianFilterSize: 25,
	MaxSearchOffset:  100,
	Deviation:        stripeDifference,
	Pixel:            func(line []byte, x int) byte { return line[pixelsAt+x] },
}

// stripeDifference is how unlike line a's centre stripe is the middle of
// line b's image row: the sum of squared differences
// (vfs0050_get_difference). The stripe lines up with pixels 33–64.
func stripeDifference(a, b []byte) int {
	const shift = (Width-stripeWidth)/2 - 1
	res := 0
	for i := range stripeWidth {
		d := int(a[stripeAt+i]) - int(b[pixelsAt+shift+i])
		res += d * d
	}
	return res
}

func isNoise(line []byte) bool {
	in := func(v byte) bool { return v > noiseLevel && int(v) < 256-noiseLevel }
	return in(line[4]) && in(line[5])
}

// swipeImage assembles the streamed bytes into the image; false if the
// swipe was too short.
func swipeImage(stream []byte) (*image.Gray, bool) {
	height := len(stream) / lineSize
	for height > 0 && isNoise(stream[(height-1)*lineSize:height*lineSize]) {
		height--
	}
	height = min(height, maxHeight)
	if height < minHeight {
		return nil, false
	}
	lines := make([][]byte, height)
	for i := range lines {
		lines[i] = stream[i*lineSize : (i+1)*lineSize]
	}
	img, err := assemble.AssembleLines(lineAssembly, lines)
	return img, err == nil
}
