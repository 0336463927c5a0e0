package fingerprint

import (
	"fmt"
	"math"
)

// Record returns the ISO/IEC 19794-2:2005 record of t: one view, finger
// position unknown, live-scan plain, the image size and resolution t was
// extracted at, angles in 360/256-degree units counter-clockwise.
func (t *Template) Record() *Record {
	ppcm := DPIToPPCM(t.DPI)
	v := View{Quality: t.Quality}
	for _, f := range t.Features {
		if len(v.Minutiae) == 255 {
			break
		}
		a := int(math.Round(f.Angle/(2*math.Pi)*256)) % 256
		if a < 0 {
			a += 256
		}
		v.Minutiae = append(v.Minutiae, Minutia{Type: f.Type, X: uint16(clampInt(int(math.Round(f.X)), 0, t.Width-1)),
			Y: uint16(clampInt(int(math.Round(f.Y)), 0, t.Height-1)), Angle: uint8(a), Quality: f.Quality})
	}
	return &Record{Width: uint16(t.Width), Height: uint16(t.Height), ResX: ppcm, ResY: ppcm, Views: []View{v}}
}

// Encode extracts nothing: it serialises t's record.
func (t *Template) Encode() ([]byte, error) { return t.Record().Encode() }

// FromRecord returns the template of a record's first view.
func FromRecord(r *Record) (*Template, error) {
	if len(r.Views) == 0 {
		return nil, fmt.Errorf("%w: the record has no finger view", ErrFormat)
	}
	if r.ResX == 0 {
		return nil, fmt.Errorf("%w: the record has no resolution", ErrFormat)
	}
	v := r.Views[0]
	t := &Template{Width: int(r.Width), Height: int(r.Height), DPI: float64(r.ResX) * 2.54, Quality: v.Quality}
	for _, m := range v.Minutiae {
		t.Features = append(t.Features, Feature{X: float64(m.X), Y: float64(m.Y),
			Angle: float64(m.Angle) / 256 * 2 * math.Pi, Type: m.Type, Quality: m.Quality})
	}
	return t, nil
}

// Threshold is the Match score at or above which two prints are taken for
// the same finger. It was set at a false-match rate of 0.1 % on the
// impostor pairs of the four real FVC sets (see BENCHMARKS.md).
const Threshold = 11.9

// MatchRecords compares two ISO/IEC 19794-2 records: the score (0–100),
// whether it reaches Threshold, and an error when a record cannot be read.
// The simulator uses it for FINGER.
func MatchRecords(probe, enrolled []byte) (int, bool, error) {
	var ts [2]*Template
	for k, b := range [][]byte{probe, enrolled} {
		r, err := Decode(b)
		if err != nil {
			return 0, false, err
		}
		if err := r.Validate(); err != nil {
			return 0, false, err
		}
		if ts[k], err = FromRecord(r); err != nil {
			return 0, false, err
		}
	}
	s := Match(ts[0], ts[1])
	return int(math.Round(s)), s >= Threshold, nil
}
