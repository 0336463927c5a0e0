package main

import (
	"errors"
	"fmt"
	"math"

	"github.com/jtejido/sourceafis/features"
	"github.com/jtejido/sourceafis/primitives"
	"github.com/jtejido/sourceafis/templates"

	"aalogon/device/fingerprint"
)

// The interoperability engines measure a record maker the way a deployment
// uses it (as NIST's MINEX does): the records one side writes, matched by
// another side's matcher.
//
// go-sourceafis v0.0.2-beta has no ISO/IEC 19794-2 import: SourceAFIS for
// Java reads one (FingerprintCompatibility.importTemplate, through its
// Iso19794p2v2005Codec), the Go port stops at images. Its exported packages
// do build a template from given minutiae, though:
// features.NewFeatureMinutia, templates.NewFeatureTemplate and
// templates.NewSearchTemplate, the very calls its own TemplateCreator makes
// after extraction. importISO does what the Java codec does in front of
// them, so the matcher sees what SourceAFIS itself would make of the
// record.

// importISO turns the first view of an ISO/IEC 19794-2:2005 record into
// go-sourceafis's template as SourceAFIS for Java's codec does: positions
// and image size to 500 dpi by the record's resolution (px/cm × 2.54),
// rounded; the angle complemented (ISO counts counter-clockwise,
// SourceAFIS clockwise in image coordinates); "other" minutiae taken for
// endings.
func importISO(log features.EdgeTableLogger, r *fingerprint.Record) (*templates.SearchTemplate, error) {
	if len(r.Views) == 0 || r.ResX == 0 || r.ResY == 0 {
		return nil, errors.New("record without a view or a resolution")
	}
	dpiX, dpiY := float64(r.ResX)*2.54, float64(r.ResY)*2.54
	to500 := func(v uint16, dpi float64) int { return int(math.Round(float64(v) / dpi * 500)) }
	ms := primitives.NewGenericList[*features.FeatureMinutia]()
	for _, m := range r.Views[0].Minutiae {
		typ := features.ENDING
		if m.Type == fingerprint.MinutiaBifurcation {
			typ = features.BIFURCATION
		}
		dir := 2*math.Pi - float64(m.Angle)/256*2*math.Pi
		if dir >= 2*math.Pi {
			dir -= 2 * math.Pi
		}
		ms.PushBack(features.NewFeatureMinutia(primitives.IntPoint{X: to500(m.X, dpiX), Y: to500(m.Y, dpiY)}, dir, typ))
	}
	size := primitives.IntPoint{X: to500(r.Width, dpiX), Y: to500(r.Height, dpiY)}
	return templates.NewSearchTemplate(log, templates.NewFeatureTemplate(size, ms)), nil
}

// recordBytes is our extraction as the server receives it: the record
// encoded, then decoded and validated from its bytes.
func recordBytes(s sample, dpi float64) (*fingerprint.Record, error) {
	t, err := fingerprint.Extract(s.img, dpi)
	if err != nil {
		return nil, err
	}
	b, err := t.Encode()
	if err != nil {
		return nil, err
	}
	r, err := fingerprint.Decode(b)
	if err != nil {
		return nil, err
	}
	return r, r.Validate()
}

// oursInSourceAFIS: our record bytes, matched by go-sourceafis.
type oursInSourceAFIS struct{ sa *sourceAFIS }

func (oursInSourceAFIS) name() string { return "ours>sourceafis" }
func (o oursInSourceAFIS) extract(s sample, dpi float64) (any, int, error) {
	r, err := recordBytes(s, dpi)
	if err != nil {
		return nil, 0, err
	}
	t, err := importISO(o.sa.logger, r)
	if err != nil {
		return nil, 0, err
	}
	return t, len(t.Minutiae), nil
}
func (o oursInSourceAFIS) match(a, b any) float64 { return o.sa.match(a, b) }

// unsquash maps a third-party record of the FVC sets back onto its image.
// Those records were made after the image was resized to the record's
// declared size (300×400) ignoring the aspect ratio, and declare 197 px/cm
// whatever the image's resolution. Each minutia goes back by the two scale
// factors sx = width/300 and sy = height/400, pixel centre to pixel centre
// (x' = (x+0.5)·sx − 0.5); its direction, a vector squashed by the same
// factors, goes back to atan2(sy·sin a, sx·cos a) (the exact inverse, not
// just a rotation); the header takes the image's size and its true
// resolution. Types and qualities are kept.
func unsquash(iso []byte, w, h int, dpi float64) (*fingerprint.Record, error) {
	if iso == nil {
		return nil, errors.New("no third-party record (iso/NNN_I.iso)")
	}
	r, err := fingerprint.Decode(iso)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if len(r.Views) != 1 {
		return nil, fmt.Errorf("%d views, want 1", len(r.Views))
	}
	sx, sy := float64(w)/float64(r.Width), float64(h)/float64(r.Height)
	out := *r
	out.Width, out.Height = uint16(w), uint16(h)
	out.ResX = fingerprint.DPIToPPCM(dpi)
	out.ResY = out.ResX
	v := r.Views[0]
	v.Minutiae = make([]fingerprint.Minutia, len(r.Views[0].Minutiae))
	for i, m := range r.Views[0].Minutiae {
		a := float64(m.Angle) / 256 * 2 * math.Pi
		a = math.Atan2(sy*math.Sin(a), sx*math.Cos(a))
		ang := int(math.Round(a/(2*math.Pi)*256)) & 0xff
		m.X = uint16(min(max(math.Round((float64(m.X)+0.5)*sx-0.5), 0), float64(w-1)))
		m.Y = uint16(min(max(math.Round((float64(m.Y)+0.5)*sy-0.5), 0), float64(h-1)))
		m.Angle = uint8(ang)
		v.Minutiae[i] = m
	}
	out.Views = []fingerprint.View{v}
	return &out, nil
}

// secugenInOurs: the third-party records, mapped back, matched by ours.
type secugenInOurs struct{}

func (secugenInOurs) name() string { return "secugen>ours" }
func (secugenInOurs) extract(s sample, dpi float64) (any, int, error) {
	r, err := unsquash(s.iso, s.img.Rect.Dx(), s.img.Rect.Dy(), dpi)
	if err != nil {
		return nil, 0, err
	}
	t, err := fingerprint.FromRecord(r)
	if err != nil {
		return nil, 0, err
	}
	return t, len(t.Features), nil
}
func (secugenInOurs) match(a, b any) float64 { return ours{}.match(a, b) }

// secugenInSourceAFIS: the third-party records, mapped back, matched by
// go-sourceafis.
type secugenInSourceAFIS struct{ sa *sourceAFIS }

func (secugenInSourceAFIS) name() string { return "secugen>sourceafis" }
func (e secugenInSourceAFIS) extract(s sample, dpi float64) (any, int, error) {
	r, err := unsquash(s.iso, s.img.Rect.Dx(), s.img.Rect.Dy(), dpi)
	if err != nil {
		return nil, 0, err
	}
	t, err := importISO(e.sa.logger, r)
	if err != nil {
		return nil, 0, err
	}
	return t, len(t.Minutiae), nil
}
func (e secugenInSourceAFIS) match(a, b any) float64 { return e.sa.match(a, b) }
