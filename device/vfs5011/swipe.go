// A swipe: the lines the sensor streams, sorted into the ones worth
// keeping (libfprint's process_chunk in vfs5011.c), then assembled into an
// image (fpi_assemble_lines, in device/assemble).
//
// Each 240-byte line holds an 8-byte header, then the 160 pixels of the
// image row. Bytes 168–231 of a later line see the skin that bytes 56–119
// of an earlier one saw: how many lines later is the swipe's speed, which
// the assembly measures.

package vfs5011

import (
	"image"

	"aalogon/device/assemble"
)

// Line layout and swipe thresholds (vfs5011.c, vfs5011_proto.h).
const (
	lineSize   = 240
	lineHeader = 8
	// Width of the image, in pixels.
	Width = 160

	// emptyDeviation: a line whose pixels vary less (squared standard
	// deviation) shows no finger.
	emptyDeviation = 15 * 15
	// newLineDifference: a line is kept only if its mean squared
	// difference from the last kept line reaches this; the sensor sees the
	// same skin several times when the finger moves slowly.
	newLineDifference = 600
	// endEmptyLines empty lines in a row end the swipe.
	endEmptyLines = 50
	// maxLinesSeen and maxLinesKept end an endless swipe.
	maxLinesSeen = 100000
	maxLinesKept = 2000
	// minLinesKept: a shorter swipe is too short to use.
	minLinesKept = Width
)

// lineAssembly is libfprint's assembling_ctx of vfs5011.c.
var lineAssembly = assemble.LineConfig{
	Width:            Width,
	MaxHeight:        maxLinesKept,
	Resolution:       10,
	MedianFilterSize: 25,
	MaxSearchOffset:  30,
	Deviation:        sumDeviation,
	Pixel:            func(line []byte, x int) byte { return line[lineHeader+x] },
}

// swipe collects the lines of one swipe.
type swipe struct {
	seen  int // lines since the finger arrived
	empty int // empty lines in a row
	kept  [][]byte
}

// started reports whether the finger has arrived.
func (s *swipe) started() bool { return s.seen > 0 }

// add takes a chunk of lines (a trailing part line is ignored) and reports
// whether the swipe has ended.
func (s *swipe) add(chunk []byte) bool {
	for len(chunk) >= lineSize {
		line := chunk[:lineSize]
		chunk = chunk[lineSize:]
		pixels := line[lineHeader : lineHeader+Width]
		if stdSqDev(pixels) < emptyDeviation {
			if s.seen == 0 {
				continue
			}
			s.empty++
		} else {
			s.empty = 0
		}
		if s.empty >= endEmptyLines {
			return true
		}
		s.seen++
		if s.seen > maxLinesSeen {
			return true
		}
		if n := len(s.kept); n == 0 || meanSqDiff(s.kept[n-1][lineHeader:lineHeader+Width], pixels) >= newLineDifference {
			s.kept = append(s.kept, append([]byte(nil), line...))
			if len(s.kept) >= maxLinesKept {
				return true
			}
		}
	}
	return false
}

// image assembles the kept lines; false if the swipe was too short.
func (s *swipe) image() (*image.Gray, bool) {
	if len(s.kept) < minLinesKept {
		return nil, false
	}
	img, err := assemble.AssembleLines(lineAssembly, s.kept)
	return img, err == nil
}

// stdSqDev is the squared standard deviation of b, in integers
// (libfprint's fpi_std_sq_dev).
func stdSqDev(b []byte) int {
	mean := 0
	for _, v := range b {
		mean += int(v)
	}
	mean /= len(b)
	res := 0
	for _, v := range b {
		d := int(v) - mean
		res += d * d
	}
	return res / len(b)
}

// meanSqDiff is the mean squared difference of a and b (libfprint's
// fpi_mean_sq_diff_norm).
func meanSqDiff(a, b []byte) int {
	res := 0
	for i := range a {
		d := int(a[i]) - int(b[i])
		res += d * d
	}
	return res / len(a)
}

// sumDeviation is how unlike line a's look-ahead row is line b's image row:
// the squared standard deviation of their sum, over 64 pixels
// (vfs5011_get_deviation2).
func sumDeviation(a, b []byte) int {
	const size = 64
	x, y := a[56:56+size], b[168:168+size]
	mean := 0
	for i := range size {
		mean += int(x[i]) + int(y[i])
	}
	mean /= size
	res := 0
	for i := range size {
		d := int(x[i]) + int(y[i]) - mean
		res += d * d
	}
	return res / size
}
