package fingerprint

import (
	"errors"
	"sort"
)

// Reason says why an image makes a poor record, so that a capture step can
// tell the person what to do instead of sending a record that will fail.
type Reason uint8

// Reasons, in the order Extract checks them: the first that applies is
// reported.
const (
	// ReasonNone: the image makes a usable record.
	ReasonNone Reason = iota
	// ReasonSmallArea: too small an area of print (or none): the finger
	// touched only part of the sensor. Hint: cover more of the sensor.
	ReasonSmallArea
	// ReasonSmudged: the ridges are blurred into one another (a wet or
	// moving finger, a dirty sensor). Hint: dry the finger, hold it still.
	ReasonSmudged
	// ReasonLowContrast: too little difference between ridges and
	// valleys (a dry finger, too light a touch). Hint: press flatter.
	ReasonLowContrast
	// ReasonFewMinutiae: fewer than MinFeatures minutiae were found.
	// Hint: press flatter and cover more of the sensor.
	ReasonFewMinutiae
)

// String names r for logs (not for people: they read the translation
// catalogue).
func (r Reason) String() string {
	switch r {
	case ReasonNone:
		return "none"
	case ReasonSmallArea:
		return "small area"
	case ReasonSmudged:
		return "smudged"
	case ReasonLowContrast:
		return "low contrast"
	case ReasonFewMinutiae:
		return "few minutiae"
	}
	return "unknown"
}

// ErrPoorImage is wrapped by every error of Template.Check.
var ErrPoorImage = errors.New("fingerprint: the image makes a poor record")

// PoorImageError is Template.Check's error: why the record would be poor.
// errors.Is(err, ErrPoorImage) holds for it; errors.As gives the Reason.
type PoorImageError struct{ Reason Reason }

func (e *PoorImageError) Error() string { return ErrPoorImage.Error() + ": " + e.Reason.String() }

// Is reports whether target is ErrPoorImage.
func (e *PoorImageError) Is(target error) bool { return target == ErrPoorImage }

// Limits behind the reasons, set from the 480 images of the six FVC sets
// of shared/fpdata, from degraded copies of them (quality_test.go) and
// from the captures of the six supported readers in
// shared/usb-recordings, whose images are softer or fainter than the FVC
// ones: the lowest value among the original images, then the highest
// among the degraded ones.
const (
	// MinFeatures is the fewest minutiae of a usable record, and so the
	// fewest a capture must give to be sent (device/capture). The server's
	// matcher is a third party's, and under 10 they mostly fail: NBIS's
	// Bozorth3 (libfprint's matcher) scores 0 when either print has fewer
	// than 10 (MIN_COMPUTABLE_BOZORTH_MINUTIAE). Captures cut from the four
	// real FVC sets (bench/fingerprint -small: centred 5–10 mm squares of
	// impressions 2–5, matched against impression 1 at the FMR 0.1 %
	// thresholds) matched in go-sourceafis's matcher, by their minutiae:
	// 0–4, 0 of 260; 5–9, 17 %; 10–11, 56 %; 12–14, 64 %; 15 and more,
	// 77 % (our matcher: 2, 34, 67, 84, 92 %). A refused capture costs the
	// person no attempt, one sent to fail costs one: so a capture under 10
	// is refused. At 10 and 11 it does nearly as well as at 12; refusing it
	// would only make the person touch again, as the U.are.U 4500 sample
	// capture (11) would. Of the 480 FVC images one gives fewer than 12,
	// fvc2004_db1_b 102_1 with 10.
	MinFeatures = 10
	// minArea is the smallest usable print, mm² (FVC originals: 67 and
	// up; readers: 80 and up; a 6 × 6 mm patch: 37). On a sensor smaller
	// than minArea/minCover a print covering minCover of it is enough.
	minArea  = 60.0
	minCover = 0.6
	// blankContrast: below it the image holds nothing (no finger).
	blankContrast = 2.0
	// minContrast is the least standard deviation of grey levels in the
	// print's strongest blocks (FVC originals: 29 and up; readers: 14.6,
	// the UPEK TouchChip, and up; grey levels squeezed to 10 %: 10 and
	// below).
	minContrast = 12.0
	// minSharp is the least gradient energy per unit of variance in the
	// print's blocks (FVC originals: 17.2 and up; readers: 12.4, the
	// AES3500's 250-dpi image enlarged twice, and up; blurred with a
	// 4-pixel Gaussian: under 10).
	minSharp = 11.0
)

// Check returns nil when t makes a usable record, or a *PoorImageError
// (wrapping ErrPoorImage) with the reason: t.Problem as Extract measured
// it, or too few minutiae (fewer than MinFeatures).
func (t *Template) Check() error {
	r := t.Problem
	if r == ReasonNone && len(t.Features) < MinFeatures {
		r = ReasonFewMinutiae
	}
	if r == ReasonNone {
		return nil
	}
	return &PoorImageError{Reason: r}
}

// problem picks the reason from the image measures of orient and the
// number of minutiae found.
func (e *extractor) problem(features int) Reason {
	mm := 25.4 / (500 * e.scale)
	image := float64(e.w*e.h) * mm * mm
	switch {
	case e.contrast < blankContrast:
		return ReasonSmallArea // nothing on the sensor
	case e.sharp < minSharp:
		return ReasonSmudged
	case e.contrast < minContrast:
		return ReasonLowContrast
	case e.area < min(minArea, minCover*image):
		return ReasonSmallArea
	case features < MinFeatures:
		return ReasonFewMinutiae
	}
	return ReasonNone
}

// sharpness is the median, over the blocks holding print (a quarter of the
// strongest variance hi or more), of the Sobel gradient energy per pixel
// divided by the block's variance. Contrast does not change it; blur does,
// since it takes the ridges' sharp flanks first.
func sharpness(gxx, gyy, variance, cnt []float64, hi float64) float64 {
	var rs []float64
	for i, v := range variance {
		if cnt[i] > 0 && v >= hi/4 && v > 0 {
			rs = append(rs, (gxx[i]+gyy[i])/cnt[i]/v)
		}
	}
	if len(rs) == 0 {
		return 0
	}
	sort.Float64s(rs)
	return rs[len(rs)/2]
}
