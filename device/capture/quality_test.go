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
// poor one says why in terms the person can act on: a finger on a corner
// of the sensor, a print too faint, ridges smeared together.
func TestTemplateReportsTheQualityOfEachCapture(t *testing.T) {
	print := fingerprint.NewMaster(7, 256, 336).Impression(1)
	for _, tc := range []struct {
		name         string
		img          *image.Gray
		want         device.QualityProblem
		minCover     float64
		maxCover     float64
		wantRefusing bool
	}{
		{"a whole print", print, device.QualityGood, 0.9, 1, false},
		{"a corner of the sensor", onBlank(print, image.Rect(100, 20, 170, 90)), device.QualityTooLittle, 0.02, 0.2, true},
		{"too faint", faint(print, 0.06), device.QualityFaint, 0.3, 1, true},
		{"smudged", boxBlur(boxBlur(print, 5), 5), device.QualitySmudged, 0.3, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, events := source(tc.img, false)
			_, err := src.Template(context.Background())
			if got := errors.Is(err, device.ErrTooLittle); got != tc.wantRefusing {
				t.Fatalf("Template() error = %v, want refused: %v", err, tc.wantRefusing)
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
			if seen.Problem != tc.want || seen.Needed != 5 || seen.Poor() != tc.wantRefusing {
				t.Errorf("quality %+v, want problem %v, 5 needed", *seen, tc.want)
			}
			if seen.Coverage < tc.minCover || seen.Coverage > tc.maxCover {
				t.Errorf("coverage %.2f, want %.2f to %.2f", seen.Coverage, tc.minCover, tc.maxCover)
			}
			if tc.wantRefusing && (failed == nil || *failed != *seen) {
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
