package vfs301

import (
	"fmt"
	"image"

	"aalogon/device"
)

// Scan line layout (libfprint's vfs301_line_t): 288 bytes, starting 01 FE,
// a counter, flags, then the 200 pixels; after them a mirrored copy and
// sums nobody uses.
const (
	lineLen    = 288
	linePixels = 8 // offset of the pixels in a line
	// Width of the images: the sensor's 200 pixels.
	Width = 200
	// lineDiffThreshold: a line joins the image when its mean absolute
	// difference from the last line taken exceeds this.
	lineDiffThreshold = 15
)

// swipe collects the scan lines of one swipe.
type swipe struct {
	lines [][]byte // Width pixels each
}

// addStrip adds a strip's whole lines. The first strip starts mid-line: its
// lines begin at the first 01 FE within one line's length (libfprint
// gives up after 288 bytes and takes the rest as it is).
func (s *swipe) addStrip(b []byte, first bool) {
	if first {
		i := 0
		for ; i < lineLen && i+1 < len(b); i++ {
			if b[i] == 0x01 && b[i+1] == 0xfe {
				break
			}
		}
		b = b[i:]
	}
	for ; len(b) >= lineLen; b = b[lineLen:] {
		s.lines = append(s.lines, b[linePixels:linePixels+Width])
	}
}

// image assembles the swipe as libfprint's vfs301 driver does
// (vfs301_extract_image): the first line, then each line that differs
// enough from the last one taken, a crude way to drop the lines a slow
// finger repeats. libfprint then flips the image upside down and inverts
// it (FPI_IMAGE_V_FLIPPED | FPI_IMAGE_COLORS_INVERTED, applied in place
// before it hands the image out): the result has dark ridges on light.
func (s *swipe) image() (*image.Gray, error) {
	if len(s.lines) == 0 {
		return nil, fmt.Errorf("%w: the swipe gave no scan lines", device.ErrProtocol)
	}
	kept := [][]byte{s.lines[0]}
	last := s.lines[0]
	for _, l := range s.lines[1:] {
		if lineDiff(last, l)/Width > lineDiffThreshold {
			kept = append(kept, l)
			last = l
		}
	}
	h := len(kept)
	img := image.NewGray(image.Rect(0, 0, Width, h))
	for y, l := range kept {
		row := img.Pix[(h-1-y)*Width : (h-y)*Width]
		for x, p := range l {
			row[x] = 255 - p
		}
	}
	return img, nil
}

// lineDiff is the sum of the absolute pixel differences of two lines.
func lineDiff(a, b []byte) int {
	d := 0
	for i := range Width {
		if a[i] > b[i] {
			d += int(a[i] - b[i])
		} else {
			d += int(b[i] - a[i])
		}
	}
	return d
}
