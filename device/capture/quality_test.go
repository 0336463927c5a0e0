package capture_test

import (
	"context"
	"errors"
	"image"
	"testing"

	"aalogon/device"
	"aalogon/device/fingerprint"
)

// Every capture reports what it showed, with the event that ends it, and a
// poor one is refused with the extractor's reason (Template.Check) in
// terms the person can act on: a finger on a corner of the sensor, a
// sensor too small for enough minutiae, a print too faint, ridges smeared
// together. The share of the sensor covered is where the finger lay, also
// when its ridges could not be read.
func TestTemplateReportsTheQualityOfEachCapture(t *testing.T) {
	print := fingerprint.NewMaster(7, 256, 336).Impression(1)
	for _, tc := range []struct {
		name     string
		img      *image.Gray
		reason   fingerprint.Reason
		want     device.QualityProblem
		minCover float64
		maxCover float64
	}{
		{"a whole print", print, fingerprint.ReasonNone, device.QualityGood, 0.9, 1},
		{"a corner of the sensor", onBlank(print, image.Rect(100, 20, 170, 90)), fingerprint.ReasonSmallArea, device.QualityTooLittle, 0.02, 0.2},
		{"a small sensor", crop(print, image.Rect(90, 120, 166, 196)), fingerprint.ReasonFewMinutiae, device.QualityTooLittle, 0.9, 1},
		{"too faint", faint(print, 0.06), fingerprint.ReasonLowContrast, device.QualityFaint, 0.5, 1},
		{"smudged", boxBlur(boxBlur(print, 5), 5), fingerprint.ReasonSmudged, device.QualitySmudged, 0.5, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, events := source(tc.img, false)
			_, err := src.Template(context.Background())
			refused := tc.reason != fingerprint.ReasonNone
			var poor *fingerprint.PoorImageError
			switch {
			case errors.Is(err, device.ErrTooLittle) != refused:
				t.Fatalf("Template() error = %v, want refused: %v", err, refused)
			case refused && (!errors.As(err, &poor) || poor.Reason != tc.reason):
				t.Errorf("Template() error = %v, want the extractor's reason %v", err, tc.reason)
			}
			var seen, failed *device.Quality
			for _, e := range drain(events) {
				switch {
				case e.Kind == device.FingerOff && e.Quality != nil:
					seen = e.Quality
				case e.Kind == device.Failed:
					failed = e.Quality
				}
			}
			if seen == nil {
				t.Fatal("no FingerOff event told the window what the capture showed")
			}
			if seen.Problem != tc.want || seen.Needed != fingerprint.MinFeatures || seen.Poor() != refused {
				t.Errorf("quality %+v, want problem %v, %d needed", *seen, tc.want, fingerprint.MinFeatures)
			}
			if seen.Coverage < tc.minCover || seen.Coverage > tc.maxCover {
				t.Errorf("coverage %.2f, want %.2f to %.2f", seen.Coverage, tc.minCover, tc.maxCover)
			}
			if refused && (failed == nil || *failed != *seen) {
				t.Errorf("the Failed event carries quality %v, want %+v", failed, *seen)
			}
		})
	}
}

// onBlank is img where r lies and an empty sensor around it.
func onBlank(img *image.Gray, r image.Rectangle) *image.Gray {
	out := image.NewGray(img.Rect)
	for i := range out.Pix {
		out.Pix[i] = 0xff
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(out.Pix[out.PixOffset(r.Min.X, y):out.PixOffset(r.Max.X, y)], img.Pix[img.PixOffset(r.Min.X, y):])
	}
	return out
}

// faint is img with its ridges lightened to share k of their darkness.
func faint(img *image.Gray, k float64) *image.Gray {
	out := image.NewGray(img.Rect)
	for i, v := range img.Pix {
		out.Pix[i] = uint8(255 - (255-float64(v))*k)
	}
	return out
}

// boxBlur is img averaged over squares of 2r+1 pixels.
func boxBlur(img *image.Gray, r int) *image.Gray {
	out := image.NewGray(img.Rect)
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for y := range h {
		for x := range w {
			var sum, n int
			for yy := max(0, y-r); yy <= min(h-1, y+r); yy++ {
				for xx := max(0, x-r); xx <= min(w-1, x+r); xx++ {
					sum += int(img.Pix[yy*img.Stride+xx])
					n++
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / n)
		}
	}
	return out
}
