package capture_test

import (
	"image"
	"testing"

	"aalogon/device/capture"
	"aalogon/device/fingerprint"
)

// The preview a window shows (and a screen reader, a remote desktop or a
// photograph of the screen may keep) is no print to match: enlarged back
// to the reader's resolution, its template does not match the finger,
// where a second touch of the same finger does.
func TestPreviewIsNoPrintToMatch(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		finger := fingerprint.NewMaster(seed, 256, 336)
		enrolled, err := fingerprint.Extract(finger.Impression(1), fingerprint.SynthDPI)
		if err != nil {
			t.Fatal(err)
		}
		touch := finger.Impression(2)
		again, err := fingerprint.Extract(touch, fingerprint.SynthDPI)
		if err != nil || fingerprint.Match(again, enrolled) < fingerprint.Threshold {
			t.Fatalf("finger %d: a second touch does not match its own finger (%v); the test needs one that does", seed, err)
		}
		p := capture.Preview(touch, fingerprint.SynthDPI, capture.PreviewSize)
		if b := p.Bounds(); b.Dx() > capture.PreviewSize || b.Dy() > capture.PreviewSize || b.Dx() == 0 {
			t.Fatalf("preview %v, want at most %d pixels a side", b, capture.PreviewSize)
		}
		enlarged := enlarge(p, touch.Rect.Dx(), touch.Rect.Dy())
		fromPreview, err := fingerprint.Extract(enlarged, fingerprint.SynthDPI)
		if err != nil {
			t.Fatal(err)
		}
		if score := fingerprint.Match(fromPreview, enrolled); score >= fingerprint.Threshold {
			t.Errorf("finger %d: the enlarged preview matches it (score %.1f, threshold %.1f)", seed, score, fingerprint.Threshold)
		}
	}
}

// enlarge scales img up to w×h, interpolating bilinearly: the best an
// attacker can do with a few pixels.
func enlarge(img *image.Gray, w, h int) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, w, h))
	sw, sh := img.Rect.Dx(), img.Rect.Dy()
	for y := range h {
		fy := max(0, (float64(y)+0.5)*float64(sh)/float64(h)-0.5)
		y0 := min(int(fy), sh-1)
		y1, ty := min(y0+1, sh-1), fy-float64(y0)
		for x := range w {
			fx := max(0, (float64(x)+0.5)*float64(sw)/float64(w)-0.5)
			x0 := min(int(fx), sw-1)
			x1, tx := min(x0+1, sw-1), fx-float64(x0)
			v := (1-tx)*(1-ty)*float64(img.GrayAt(x0, y0).Y) + tx*(1-ty)*float64(img.GrayAt(x1, y0).Y) +
				(1-tx)*ty*float64(img.GrayAt(x0, y1).Y) + tx*ty*float64(img.GrayAt(x1, y1).Y)
			out.Pix[y*out.Stride+x] = uint8(v + 0.5)
		}
	}
	return out
}
