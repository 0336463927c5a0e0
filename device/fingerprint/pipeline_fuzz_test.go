package fingerprint_test

import (
	"bytes"
	"errors"
	"image"
	"math"
	"reflect"
	"testing"

	"aalogon/device/fingerprint"
)

// maxFuzzSide caps each side of a fuzzed image, so that one run stays
// within a few megabytes and a fraction of a second.
const maxFuzzSide = 384

// fuzzImage builds a w×h grey image at origin (x0, y0) whose pixels repeat
// pix (zero when pix is empty). With sub, the image is cut from a wider
// one, so its stride is longer than a row, as a reader's crop gives.
func fuzzImage(pix []byte, w, h int, x0, y0 int, sub bool) *image.Gray {
	r := image.Rect(x0, y0, x0+w, y0+h)
	outer := r
	if sub {
		outer = image.Rect(x0-3, y0-2, x0+w+5, y0+h+1)
	}
	img := image.NewGray(outer)
	if len(pix) > 0 {
		for i := range img.Pix {
			img.Pix[i] = pix[i%len(pix)]
		}
	}
	if sub {
		return img.SubImage(r).(*image.Gray)
	}
	return img
}

// FuzzExtractGray is the image → record pipeline on any pixels, any image
// size up to maxFuzzSide and any resolution: Extract refuses with one of
// its sentinels or gives a template whose ISO record encodes, decodes to
// the same record and validates, as the server will check it.
func FuzzExtractGray(f *testing.F) {
	print := fingerprint.NewMaster(7, 160, 200).Impression(1)
	f.Add(print.Pix, uint16(160), uint16(200), int16(0), int16(0), 500.0, false)
	f.Add(print.Pix, uint16(150), uint16(190), int16(-20), int16(33), 508.0, true)
	f.Add([]byte{0, 255}, uint16(96), uint16(80), int16(0), int16(0), 250.0, false)
	f.Add([]byte{200}, uint16(64), uint16(64), int16(0), int16(0), 1200.0, false)
	f.Add([]byte{}, uint16(63), uint16(400), int16(0), int16(0), 500.0, false)
	f.Add([]byte{1, 2, 3}, uint16(100), uint16(100), int16(5), int16(5), math.NaN(), true)
	f.Add([]byte{9}, uint16(100), uint16(100), int16(0), int16(0), 249.99, false)
	f.Fuzz(func(t *testing.T, pix []byte, w, h uint16, x0, y0 int16, dpi float64, sub bool) {
		img := fuzzImage(pix, int(w)%(maxFuzzSide+1), int(h)%(maxFuzzSide+1), int(x0), int(y0), sub)
		tpl, err := fingerprint.Extract(img, dpi)
		if err != nil {
			if !errors.Is(err, fingerprint.ErrImageTooSmall) && !errors.Is(err, fingerprint.ErrImageTooLarge) &&
				!errors.Is(err, fingerprint.ErrResolution) {
				t.Fatalf("error without a sentinel: %v", err)
			}
			return
		}
		if tpl.Width != img.Rect.Dx() || tpl.Height != img.Rect.Dy() {
			t.Fatalf("template of %dx%d from a %v image", tpl.Width, tpl.Height, img.Rect)
		}
		if len(tpl.Features) > fingerprint.MaxFeatures {
			t.Fatalf("%d features, at most %d", len(tpl.Features), fingerprint.MaxFeatures)
		}
		b, err := tpl.Encode()
		if err != nil {
			t.Fatalf("a template does not encode: %v", err)
		}
		r, err := fingerprint.Decode(b)
		if err != nil {
			t.Fatalf("an encoded template does not decode: %v", err)
		}
		if again, err := r.Encode(); err != nil || !bytes.Equal(again, b) {
			t.Fatalf("Decode → Encode changed the record (%v):\n got % x\nwant % x", err, again, b)
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("the pipeline made a record the server would refuse: %v", err)
		}
	})
}

// FuzzRecordToTemplate: a record that decodes and validates turns into a
// template whose own record keeps the minutiae, and MatchRecords on it
// gives a score of 0–100 without panicking.
func FuzzRecordToTemplate(f *testing.F) {
	tpl, err := fingerprint.Extract(fingerprint.NewMaster(3, 160, 200).Impression(2), fingerprint.SynthDPI)
	if err != nil {
		f.Fatal(err)
	}
	b, err := tpl.Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, b)
	f.Add(b[:len(b)-1], b)
	f.Add([]byte("FMR\x00 20\x00\x00\x00\x00\x18"), b)
	two := &fingerprint.Record{Width: 20, Height: 20, ResX: 197, ResY: 197, Views: []fingerprint.View{
		{FingerPosition: 2, Quality: 60, Minutiae: []fingerprint.Minutia{{Type: 1, X: 3, Y: 4, Angle: 200}, {Type: 2, X: 19, Y: 19}}},
		{Extended: []byte{0, 1, 0, 6, 0xaa, 0xbb}}}}
	if b2, err := two.Encode(); err == nil {
		f.Add(b2, b)
	}
	f.Fuzz(func(t *testing.T, probe, enrolled []byte) {
		score, _, err := fingerprint.MatchRecords(probe, enrolled)
		if err != nil {
			if !errors.Is(err, fingerprint.ErrFormat) {
				t.Fatalf("error without ErrFormat: %v", err)
			}
		} else if score < 0 || score > 100 {
			t.Fatalf("score %d outside 0–100", score)
		}
		r, err := fingerprint.Decode(probe)
		if err != nil || r.Validate() != nil {
			return
		}
		tp, err := fingerprint.FromRecord(r)
		if err != nil {
			t.Fatalf("a valid record gives no template: %v", err)
		}
		back := tp.Record()
		if err := back.Validate(); err != nil {
			t.Fatalf("the template of a valid record makes an invalid one: %v", err)
		}
		var want []fingerprint.Minutia
		for _, m := range r.Views[0].Minutiae {
			m.Reserved = 0 // a template does not carry the reserved bits
			want = append(want, m)
		}
		if got := back.Views[0].Minutiae; len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("minutiae changed through the template:\n got %v\nwant %v", got, want)
		}
	})
}
