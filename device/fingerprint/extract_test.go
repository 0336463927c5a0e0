package fingerprint_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"aalogon/device/fingerprint"
	"aalogon/device/virtual"
	"aalogon/internal/shared"
)

func fvc(t testing.TB, name string) *image.Gray {
	t.Helper()
	p, err := shared.Path(filepath.Join("fpdata", name))
	if err != nil {
		t.Fatal(err)
	}
	img, err := virtual.LoadPNG(p)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func uniform(w, h int, v uint8) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = v
	}
	return g
}

func TestExtractBadInput(t *testing.T) {
	noise := image.NewGray(image.Rect(0, 0, 300, 300))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(r.IntN(256))
	}
	cases := []struct {
		name    string
		img     *image.Gray
		dpi     float64
		wantErr error
	}{
		{"blank white", uniform(300, 300, 255), 500, nil},
		{"all black", uniform(300, 300, 0), 500, nil},
		{"noise", noise, 500, nil},
		{"tiny", uniform(20, 20, 128), 500, fingerprint.ErrImageTooSmall},
		{"huge", image.NewGray(image.Rect(0, 0, 5000, 5000)), 500, fingerprint.ErrImageTooLarge},
		{"no resolution", uniform(300, 300, 128), 0, fingerprint.ErrResolution},
		{"absurd resolution", uniform(300, 300, 128), 5000, fingerprint.ErrResolution},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := fingerprint.Extract(tc.img, tc.dpi)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err == nil && (tpl.Quality > 20 || len(tpl.Features) > 5) {
				t.Errorf("a picture without a fingerprint gave quality %d and %d minutiae", tpl.Quality, len(tpl.Features))
			}
			if err == nil && !errors.Is(tpl.Check(), fingerprint.ErrPoorImage) {
				t.Errorf("a picture without a fingerprint passes Check")
			}
		})
	}
}

func TestExtractRealPrintsMakeValidRecords(t *testing.T) {
	for _, tc := range []struct {
		name string
		dpi  float64
	}{{"fvc2002_db1_b/101_1.png", 500}, {"fvc2002_db2_b/101_1.png", 569}, {"fvc2004_db3_b/101_1.png", 512}} {
		img := fvc(t, tc.name)
		tpl, err := fingerprint.Extract(img, tc.dpi)
		if err != nil {
			t.Fatal(err)
		}
		if len(tpl.Features) < 12 || tpl.Quality < 30 {
			t.Errorf("%s: %d minutiae, quality %d", tc.name, len(tpl.Features), tpl.Quality)
		}
		b, err := tpl.Encode()
		if err != nil {
			t.Fatal(err)
		}
		// Our records go through the same decoder and validator as the
		// third-party ones.
		r, err := fingerprint.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: our record is invalid: %v", tc.name, err)
		}
		if int(r.Width) != img.Rect.Dx() || int(r.Height) != img.Rect.Dy() || r.ResX != fingerprint.DPIToPPCM(tc.dpi) {
			t.Errorf("%s: header %dx%d @%d px/cm for a %v image at %g dpi", tc.name, r.Width, r.Height, r.ResX, img.Rect, tc.dpi)
		}
		if want := 24 + 4 + 6*len(r.Views[0].Minutiae) + 2; len(b) != want {
			t.Errorf("%s: %d bytes, want %d", tc.name, len(b), want)
		}
	}
}

// A server matches our records with its own engine, so our minutiae must
// point the way a third party's do: the FVC sets carry records made by a
// third-party SDK from the same images (squashed to 300x400). Where both
// found a minutia of the same type at the same place, the directions must
// agree, for endings and bifurcations alike.
func TestDirectionsAgreeWithThirdPartyRecords(t *testing.T) {
	var agree, total [3]int
	for finger := 101; finger <= 105; finger++ {
		for imp := 1; imp <= 4; imp++ {
			name := fmt.Sprintf("fvc2002_db1_b/%d_%d", finger, imp)
			img := fvc(t, name+".png")
			ours, err := fingerprint.Extract(img, 500)
			if err != nil {
				t.Fatal(err)
			}
			p, err := shared.Path(filepath.Join("fpdata", "fvc2002_db1_b", "iso", fmt.Sprintf("%d_%d.iso", finger, imp)))
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := fingerprint.Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			sx := float64(img.Rect.Dx()) / float64(rec.Width)
			sy := float64(img.Rect.Dy()) / float64(rec.Height)
			for _, f := range ours.Features {
				for _, m := range rec.Views[0].Minutiae {
					if m.Type != f.Type || math.Hypot(f.X-sx*float64(m.X), f.Y-sy*float64(m.Y)) > 6 {
						continue
					}
					d := math.Abs(math.Remainder(f.Angle-float64(m.Angle)/256*2*math.Pi, 2*math.Pi))
					total[f.Type]++
					if d < math.Pi/4 {
						agree[f.Type]++
					}
					break
				}
			}
		}
	}
	for _, typ := range []uint8{fingerprint.MinutiaEnding, fingerprint.MinutiaBifurcation} {
		t.Logf("type %d: %d of %d co-located minutiae agree", typ, agree[typ], total[typ])
		if total[typ] < 50 || agree[typ] < total[typ]*95/100 {
			t.Errorf("type %d: directions agree for %d of %d co-located minutiae, want 95 %%", typ, agree[typ], total[typ])
		}
	}
}

// A small print on a large sensor: the print fills a few percent of the
// picture, the rest is empty glass. Its minutiae must still be found.
func TestExtractSmallPrintOnALargeImage(t *testing.T) {
	print := fvc(t, "fvc2002_db1_b/102_1.png")
	big := uniform(1400, 1400, print.Pix[0])
	off := image.Pt(700, 500)
	for y := 0; y < print.Rect.Dy(); y++ {
		copy(big.Pix[(off.Y+y)*big.Stride+off.X:], print.Pix[y*print.Stride:y*print.Stride+print.Rect.Dx()])
	}
	alone, err := fingerprint.Extract(print, 500)
	if err != nil {
		t.Fatal(err)
	}
	inBig, err := fingerprint.Extract(big, 500)
	if err != nil {
		t.Fatal(err)
	}
	if len(inBig.Features) < len(alone.Features)*8/10 {
		t.Fatalf("the print alone has %d minutiae, on a large image %d", len(alone.Features), len(inBig.Features))
	}
	other, err := fingerprint.Extract(fvc(t, "fvc2002_db1_b/102_2.png"), 500)
	if err != nil {
		t.Fatal(err)
	}
	if s := fingerprint.Match(inBig, other); s < fingerprint.Threshold {
		t.Errorf("the print on a large image against another impression: score %.1f, below the threshold %.1f", s, fingerprint.Threshold)
	}
}

func TestSameFingerMatchesOtherFingerDoesNot(t *testing.T) {
	ex := func(name string) []byte {
		tpl, err := fingerprint.Extract(fvc(t, name), 500)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := tpl.Encode()
		return b
	}
	a, b, c := ex("fvc2002_db1_b/102_1.png"), ex("fvc2002_db1_b/102_2.png"), ex("fvc2002_db1_b/103_1.png")
	if s, ok, err := fingerprint.MatchRecords(a, b); err != nil || !ok {
		t.Errorf("two impressions of finger 102: score %d, match %v, %v", s, ok, err)
	}
	if s, ok, _ := fingerprint.MatchRecords(a, c); ok {
		t.Errorf("fingers 102 and 103 matched with score %d", s)
	}
	if _, _, err := fingerprint.MatchRecords(a, []byte("FMR\x00 20\x00")); !errors.Is(err, fingerprint.ErrFormat) {
		t.Errorf("a broken record: %v", err)
	}
}

// FuzzExtract: any PNG (or bytes that are not one) gives an error or a
// template, never a panic.
func FuzzExtract(f *testing.F) {
	var buf bytes.Buffer
	png.Encode(&buf, uniform(64, 64, 200))
	f.Add(buf.Bytes(), uint16(500))
	buf.Reset()
	small := image.NewGray(image.Rect(0, 0, 80, 96))
	for i := range small.Pix {
		small.Pix[i] = uint8((i % 80 / 4 % 2) * 200)
	}
	png.Encode(&buf, small)
	f.Add(buf.Bytes(), uint16(512))
	f.Add([]byte("not a png"), uint16(500))
	f.Fuzz(func(t *testing.T, data []byte, dpi uint16) {
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		b := img.Bounds()
		if b.Dx()*b.Dy() > 1<<20 {
			return // keep each run short
		}
		g := image.NewGray(b)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				g.Set(x, y, img.At(x, y))
			}
		}
		tpl, err := fingerprint.Extract(g, float64(dpi))
		if err != nil {
			return
		}
		if _, err := tpl.Encode(); err != nil {
			t.Fatalf("a template does not encode: %v", err)
		}
	})
}

// BenchmarkExtract extracts one FVC2002 DB1 image (388x374, 500 dpi).
func BenchmarkExtract(b *testing.B) {
	img := fvc(b, "fvc2002_db1_b/101_1.png")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fingerprint.Extract(img, 500); err != nil {
			b.Fatal(err)
		}
	}
}
