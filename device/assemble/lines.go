// Line assembly: the image of a swipe sensor that sends one line at a time
// (the Validity VFS5011 and VFS0050), rebuilt as libfprint's
// fpi_assemble_lines does (libfprint/fpi-assembling.c), in the same integer
// arithmetic so that a replayed recording gives libfprint's image pixel for
// pixel.
//
// A finger drawn across the sensor is seen several times per line of skin;
// how many depends on the swipe's speed. The sensor has a second row a
// known distance ahead of the first, so for every other line the assembly
// looks ahead for the line whose first row best matches that second row:
// the offset to it is the speed. A median filter smooths the offsets, and
// the lines are then resampled so that every output line stands for the
// same length of skin (Resolution lines per offset), interpolating between
// neighbours in 16.16 fixed point.

package assemble

import (
	"errors"
	"fmt"
	"image"
	"slices"
)

// LineConfig is what fpi_assemble_lines needs to know of a line sensor
// (libfprint's struct fpi_line_asmbl_ctx).
type LineConfig struct {
	// Width is the number of pixels of a line, and of the image.
	Width int
	// MaxHeight caps the image's height: lines past it are dropped.
	MaxHeight int
	// Resolution is how many output lines one sensor-row distance stands
	// for.
	Resolution int
	// MedianFilterSize is the window of the median filter over the speeds.
	MedianFilterSize int
	// MaxSearchOffset is how many lines ahead the speed search looks.
	MaxSearchOffset int
	// Deviation says how unlike the sensor's second row of line a is the
	// first row of line b: the smaller, the better they match.
	Deviation func(a, b []byte) int
	// Pixel returns pixel x (0 ≤ x < Width) of a line's image row.
	Pixel func(line []byte, x int) byte
}

// ErrTooFewLines: line assembly needs at least two lines.
var ErrTooFewLines = errors.New("assemble: fewer than two lines to assemble")

// AssembleLines rebuilds the swipe's image from lines in the order the
// sensor sent them. The result is Width wide and as high as the swipe was
// long (at most MaxHeight), upright: libfprint builds it upside down, marks
// it FPI_IMAGE_V_FLIPPED, and flips it back before anyone sees it
// (fp-image.c), which AssembleLines does at once. Fewer than two lines is
// ErrTooFewLines.
func AssembleLines(c LineConfig, lines [][]byte) (*image.Gray, error) {
	n := len(lines)
	if n < 2 {
		return nil, fmt.Errorf("%w: got %d", ErrTooFewLines, n)
	}
	offsets := lineOffsets(c, lines)
	// libfprint filters all offsets but the last one.
	medianFilter(offsets[:n/2-1], c.MedianFilterSize)

	out := make([]byte, c.Width*c.MaxHeight)
	height := resampleLines(c, lines, offsets, out)

	img := image.NewGray(image.Rect(0, 0, c.Width, height))
	for y := range height {
		copy(img.Pix[y*c.Width:(y+1)*c.Width], out[(height-1-y)*c.Width:(height-y)*c.Width])
	}
	return img, nil
}

// lineOffsets measures the swipe's speed at every other line: for line i
// (i even), how many lines ahead lies the best match of its second row,
// searching up to MaxSearchOffset lines. The first of equal deviations wins.
func lineOffsets(c LineConfig, lines [][]byte) []int {
	n := len(lines)
	offsets := make([]int, n/2)
	for i := 0; i < n-1; i += 2 {
		best, bestDiff := i, 0
		last := min(i+c.MaxSearchOffset, n-1)
		for j := i + 1; j <= last; j++ {
			d := c.Deviation(lines[i], lines[j])
			if j == i+1 || d < bestDiff {
				best, bestDiff = j, d
			}
		}
		offsets[i/2] = best - i
	}
	return offsets
}

// medianFilter replaces each value by the median of the window of size
// values around it, the window shrinking at the ends; of an even count the
// upper median.
func medianFilter(v []int, size int) {
	half := (size - 1) / 2
	filtered := make([]int, len(v))
	window := make([]int, 0, max(size, 1))
	for i := range v {
		lo, hi := max(i-half, 0), min(i+half, len(v)-1)
		window = append(window[:0], v[lo:hi+1]...)
		slices.Sort(window)
		filtered[i] = window[len(window)/2]
	}
	copy(v, filtered)
}

// resampleLines writes the output lines into out and returns how many it
// wrote. The position y along the swipe is 16.16 fixed point, as in
// libfprint (int32, truncating division): each input line advances it by
// Resolution/offset, and every whole output line it passes is interpolated
// between the input line and the next.
func resampleLines(c LineConfig, lines [][]byte, offsets []int, out []byte) int {
	var y int32
	line := 0
	for i := 0; i < len(lines)-1; i++ {
		offset := int32(offsets[i/2])
		if offset <= 0 {
			continue
		}
		next := y + (int32(c.Resolution)<<16)/offset
		for int32(line)<<16 < next {
			if line > c.MaxHeight-1 {
				return line
			}
			interpolateLine(c, lines[i], y, lines[i+1], next, out[line*c.Width:(line+1)*c.Width], int32(line)<<16)
			line++
		}
		y = next
	}
	return line
}

// interpolateLine fills dst, the output line at position yi, from line a at
// position ya and line b at yb (ya ≤ yi < yb): the weighted mean, truncated.
func interpolateLine(c LineConfig, a []byte, ya int32, b []byte, yb int32, dst []byte, yi int32) {
	for x := range dst {
		pa, pb := int32(c.Pixel(a, x)), int32(c.Pixel(b, x))
		dst[x] = byte(((yi-ya)*pb + (yb-yi)*pa) / (yb - ya))
	}
}
