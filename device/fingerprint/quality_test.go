package fingerprint_test

import (
	"errors"
	"image"
	"math"
	"path/filepath"
	"testing"

	"aalogon/device/fingerprint"
	"aalogon/device/virtual"
	"aalogon/internal/shared"
)

// blur is a Gaussian blur of standard deviation sigma pixels: ridges
// smudged into one another.
func blur(img *image.Gray, sigma float64) *image.Gray {
	r := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*r+1)
	var sum float64
	for i := range k {
		d := float64(i - r)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	at := func(v, hi int) int { return min(max(v, 0), hi-1) }
	tmp := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var v float64
			for i, kv := range k {
				v += kv * float64(img.Pix[y*img.Stride+at(x+i-r, w)])
			}
			tmp[y*w+x] = v / sum
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var v float64
			for i, kv := range k {
				v += kv * tmp[at(y+i-r, h)*w+x]
			}
			out.Pix[y*w+x] = uint8(math.Round(v / sum))
		}
	}
	return out
}

// faint squeezes the grey levels to 10 % of their spread around a light
// grey: a dry finger barely touching.
func faint(img *image.Gray) *image.Gray {
	out := image.NewGray(img.Rect)
	for i, v := range img.Pix {
		out.Pix[i] = uint8(200 + (float64(v)-128)*0.1)
	}
	return out
}

// corner keeps a size×size patch from the middle of the print and puts it
// in the corner of an otherwise empty picture of the same size: a finger
// that touched only the edge of the sensor.
func corner(img *image.Gray, size int) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := uniform(w, h, img.Pix[0])
	x0, y0 := (w-size)/2, (h-size)/2
	for y := 0; y < size; y++ {
		copy(out.Pix[y*out.Stride:], img.Pix[(y0+y)*img.Stride+x0:(y0+y)*img.Stride+x0+size])
	}
	return out
}

// window is a size×size picture of the middle of the print: a sensor so
// small that, fully covered, it holds too few minutiae.
func window(img *image.Gray, size int) *image.Gray {
	x0, y0 := (img.Rect.Dx()-size)/2, (img.Rect.Dy()-size)/2
	return img.SubImage(image.Rect(x0, y0, x0+size, y0+size)).(*image.Gray)
}

// Each reason of a poor image is told for images that show it, and only
// for them: the original prints pass, their degraded copies fail with the
// reason a person can act on.
func TestCheckTellsWhyAnImageIsPoor(t *testing.T) {
	for _, name := range []string{"fvc2002_db1_b/101_1.png", "fvc2002_db1_b/104_1.png", "fvc2002_db1_b/108_1.png", "fvc2004_db3_b/105_1.png"} {
		img := fvc(t, name)
		dpi := 500.0
		if name[:13] == "fvc2004_db3_b" {
			dpi = 512
		}
		for _, tc := range []struct {
			kind string
			img  *image.Gray
			want fingerprint.Reason
		}{
			{"original", img, fingerprint.ReasonNone},
			{"6 mm patch in a corner", corner(img, int(6/25.4*dpi)), fingerprint.ReasonSmallArea},
			{"nothing on the sensor", uniform(img.Rect.Dx(), img.Rect.Dy(), img.Pix[0]), fingerprint.ReasonSmallArea},
			{"blurred", blur(img, 4), fingerprint.ReasonSmudged},
			{"faint", faint(img), fingerprint.ReasonLowContrast},
			{"a 5 mm sensor", window(img, int(5/25.4*dpi)), fingerprint.ReasonFewMinutiae},
		} {
			tpl, err := fingerprint.Extract(tc.img, dpi)
			if err != nil {
				t.Fatal(err)
			}
			err = tpl.Check()
			if tc.want == fingerprint.ReasonNone {
				if err != nil {
					t.Errorf("%s %s: %v (quality %d, %d minutiae)", name, tc.kind, err, tpl.Quality, len(tpl.Features))
				}
				continue
			}
			var poor *fingerprint.PoorImageError
			if !errors.Is(err, fingerprint.ErrPoorImage) || !errors.As(err, &poor) || poor.Reason != tc.want {
				t.Errorf("%s %s: Check = %v, want the reason %v", name, tc.kind, err, tc.want)
			}
			if tpl.Problem != tc.want {
				t.Errorf("%s %s: Problem = %v, want %v", name, tc.kind, tpl.Problem, tc.want)
			}
		}
	}
}

// A record with too few minutiae is refused whatever image it came from,
// also when it was read from a record rather than extracted.
func TestCheckRefusesTooFewMinutiae(t *testing.T) {
	tpl := &fingerprint.Template{Width: 300, Height: 400, DPI: 500}
	for i := 0; i < fingerprint.MinFeatures-1; i++ {
		tpl.Features = append(tpl.Features, fingerprint.Feature{X: float64(20 * i), Y: 100, Type: fingerprint.MinutiaEnding})
	}
	var poor *fingerprint.PoorImageError
	if err := tpl.Check(); !errors.As(err, &poor) || poor.Reason != fingerprint.ReasonFewMinutiae {
		t.Errorf("%d minutiae: Check = %v, want too few minutiae", len(tpl.Features), err)
	}
	tpl.Features = append(tpl.Features, fingerprint.Feature{X: 5, Y: 5, Type: fingerprint.MinutiaBifurcation})
	if err := tpl.Check(); err != nil {
		t.Errorf("%d minutiae: Check = %v, want nil", len(tpl.Features), err)
	}
}

// The finger quality of the record follows the image: each degradation
// lowers it.
func TestFingerQualityFollowsTheImage(t *testing.T) {
	img := fvc(t, "fvc2002_db1_b/104_1.png")
	q := func(g *image.Gray) uint8 {
		tpl, err := fingerprint.Extract(g, 500)
		if err != nil {
			t.Fatal(err)
		}
		return tpl.Quality
	}
	orig := q(img)
	if orig < 50 {
		t.Errorf("a clear print: quality %d", orig)
	}
	for kind, g := range map[string]*image.Gray{"blurred": blur(img, 4), "faint": faint(img), "a corner": corner(img, 118)} {
		if got := q(g); got >= orig/2 {
			t.Errorf("%s: quality %d, the original %d", kind, got, orig)
		}
	}
}

// The sample captures of the supported readers (shared/usb-recordings) are
// real fingers on real sensors, softer or fainter than the FVC prints:
// Check must not turn them away for the image, nor for the U.are.U 4500
// sample's 11 minutiae (MinFeatures says why 10 are enough).
func TestCheckPassesTheReadersSampleCaptures(t *testing.T) {
	for _, tc := range []struct {
		reader string
		dpi    float64
		want   fingerprint.Reason
	}{
		{"nb1010", 385, fingerprint.ReasonNone},
		{"vfs301", 500, fingerprint.ReasonNone},
		{"vfs7552", 500, fingerprint.ReasonNone},
		{"aes3500", 500, fingerprint.ReasonNone}, // 250 dpi enlarged twice
		{"upektc_img", 381, fingerprint.ReasonNone},
		{"uru4500", 500, fingerprint.ReasonNone}, // 11 minutiae
	} {
		p, err := shared.Path(filepath.Join("usb-recordings", tc.reader, "capture.png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := virtual.LoadPNG(p)
		if err != nil {
			t.Fatal(err)
		}
		tpl, err := fingerprint.Extract(img, tc.dpi)
		if err != nil {
			t.Fatal(err)
		}
		got := fingerprint.ReasonNone
		var poor *fingerprint.PoorImageError
		if err := tpl.Check(); errors.As(err, &poor) {
			got = poor.Reason
		}
		if got != tc.want {
			t.Errorf("%s: Check says %v, want %v (%d minutiae, quality %d)", tc.reader, got, tc.want, len(tpl.Features), tpl.Quality)
		}
	}
}
