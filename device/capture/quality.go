package capture

import (
	"image"
	"math"
	"slices"

	"aalogon/device"
)

// What a capture's image must show, measured on square blocks about two
// ridge periods wide (16 pixels at 500 dpi). Calibrated on synthetic
// prints (device/fingerprint.NewMaster): a clear impression has a median
// block standard deviation of 46–55 grey levels and a sharpness of
// 1.4–1.6; cut to a corner of the sensor it keeps its contrast but
// covers 12–21 % of the blocks; with its contrast cut to 5 % it keeps a
// sharpness near 1 at 4 grey levels; blurred until its ridges merge its
// sharpness falls to 0.32–0.36.
const (
	// printSD: a block whose grey levels vary by less (standard deviation)
	// is empty sensor, not print.
	printSD = 3
	// minCoverage: a poor capture covering less of the sensor showed too
	// little of the finger.
	minCoverage = 0.5
	// faintSD: a poor capture whose print blocks vary by less (median) has
	// ridges too faint.
	faintSD = 12
	// smudgedSharpness: a poor capture whose print blocks have a smaller
	// ratio of pixel-to-pixel change to their standard deviation (median)
	// has ridges that run together.
	smudgedSharpness = 0.5
)

// assess measures what img, taken at dpi, shows: the share of it that is
// print and, when it gave fewer minutiae than needed, the likeliest
// reason: ridges run together, too faint, else too little of the finger.
func assess(img *image.Gray, dpi float64, minutiae, needed int) *device.Quality {
	q := &device.Quality{Minutiae: minutiae, Needed: needed}
	side := max(8, int(dpi/32+0.5))
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var sds, sharp []float64
	blocks := 0
	for by := 0; by+side <= h; by += side {
		for bx := 0; bx+side <= w; bx += side {
			blocks++
			sd, change := blockStats(img, bx, by, side)
			if sd >= printSD {
				sds = append(sds, sd)
				sharp = append(sharp, change/sd)
			}
		}
	}
	if blocks > 0 {
		q.Coverage = float64(len(sds)) / float64(blocks)
	}
	if !q.Poor() {
		return q
	}
	switch {
	case len(sds) > 0 && median(sharp) < smudgedSharpness:
		q.Problem = device.QualitySmudged
	case len(sds) > 0 && median(sds) < faintSD:
		q.Problem = device.QualityFaint
	default: // too little print, or print that shows no reason of its own
		q.Problem = device.QualityTooLittle
	}
	return q
}

// blockStats returns the standard deviation of the side×side block at
// (bx, by) of img (relative to its bounds) and the mean absolute change
// from a pixel to its right and lower neighbours inside the block.
func blockStats(img *image.Gray, bx, by, side int) (sd, change float64) {
	var sum, sum2, diff float64
	for y := by; y < by+side; y++ {
		row := img.Pix[img.PixOffset(img.Rect.Min.X+bx, img.Rect.Min.Y+y):]
		var below []uint8
		if y+1 < by+side {
			below = img.Pix[img.PixOffset(img.Rect.Min.X+bx, img.Rect.Min.Y+y+1):]
		}
		for x := range side {
			v := float64(row[x])
			sum += v
			sum2 += v * v
			if x+1 < side {
				diff += math.Abs(float64(row[x+1]) - v)
			}
			if below != nil {
				diff += math.Abs(float64(below[x]) - v)
			}
		}
	}
	n := float64(side * side)
	mean := sum / n
	return math.Sqrt(max(0, sum2/n-mean*mean)), diff / n
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
