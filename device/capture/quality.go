package capture

import (
	"errors"
	"image"
	"math"

	"aalogon/device"
	"aalogon/device/fingerprint"
)

// judge is what t, extracted from img at dpi, shows the person, and
// Template.Check's error when the capture is to be refused: its minutiae
// against fingerprint.MinFeatures, the share of the sensor covered, and
// the extractor's reason as the problem the window gives advice for.
// Whether a capture is poor, and why, is the extractor's judgement alone:
// its limits are the only ones.
func judge(t *fingerprint.Template, img *image.Gray, dpi float64) (*device.Quality, error) {
	q := &device.Quality{Minutiae: len(t.Features), Needed: fingerprint.MinFeatures, Coverage: covered(img, dpi)}
	err := t.Check()
	var poor *fingerprint.PoorImageError
	if errors.As(err, &poor) {
		q.Problem, _ = problem(poor.Reason)
	}
	return q, err
}

// problem is the device.QualityProblem whose advice mends r, and whether
// r is a reason this package knows. A reason added to the extractor later
// is still a poor capture: until it is mapped here it gets the advice of
// too little of the finger (TestEveryReasonHasItsAdvice fails meanwhile).
func problem(r fingerprint.Reason) (device.QualityProblem, bool) {
	switch r {
	case fingerprint.ReasonNone:
		return device.QualityGood, true
	case fingerprint.ReasonSmallArea:
		return device.QualityTooLittle, true
	case fingerprint.ReasonSmudged:
		return device.QualitySmudged, true
	case fingerprint.ReasonLowContrast:
		return device.QualityFaint, true
	case fingerprint.ReasonFewMinutiae: // the extractor's hint: press flatter, cover more
		return device.QualityTooLittle, true
	}
	return device.QualityTooLittle, false
}

// touchSD: a block whose grey levels vary by less (standard deviation) is
// empty sensor; any more, and the finger lay there.
const touchSD = 3

// covered is the share of img, taken at dpi, where the finger lay: of
// square blocks about two ridge periods wide (16 pixels at 500 dpi), those
// whose grey levels vary at all. It is the one measure of the image made
// here, and no limit: the window's "% of the sensor covered" cannot come
// from the extractor, whose print area is the print it could read. For a
// finger pressed over the sensor but too faint or smudged to read that is
// next to none (on the faint and smudged prints of
// TestTemplateReportsTheQualityOfEachCapture, 0 and 2 % of the image,
// where the finger lay over 61 and 54 %), and the window would tell the
// person to cover a sensor they had covered.
func covered(img *image.Gray, dpi float64) float64 {
	side := max(8, int(dpi/32+0.5))
	w, h := img.Rect.Dx(), img.Rect.Dy()
	blocks, touched := 0, 0
	for by := 0; by+side <= h; by += side {
		for bx := 0; bx+side <= w; bx += side {
			blocks++
			if blockSD(img, bx, by, side) >= touchSD {
				touched++
			}
		}
	}
	if blocks == 0 {
		return 0
	}
	return float64(touched) / float64(blocks)
}

// blockSD is the standard deviation of the grey levels of the side×side
// block at (bx, by) of img (relative to its bounds).
func blockSD(img *image.Gray, bx, by, side int) float64 {
	var sum, sum2 float64
	for y := by; y < by+side; y++ {
		row := img.Pix[img.PixOffset(img.Rect.Min.X+bx, img.Rect.Min.Y+y):]
		for _, v := range row[:side] {
			sum += float64(v)
			sum2 += float64(v) * float64(v)
		}
	}
	n := float64(side * side)
	mean := sum / n
	return math.Sqrt(max(0, sum2/n-mean*mean))
}
