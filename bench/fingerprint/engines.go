package main

import (
	"context"

	"github.com/jtejido/sourceafis"
	"github.com/jtejido/sourceafis/config"
	"github.com/jtejido/sourceafis/templates"

	"aalogon/device/fingerprint"
)

type ours struct{}

func (ours) name() string { return "ours" }
func (ours) extract(s sample, dpi float64) (any, int, error) {
	t, err := fingerprint.Extract(s.img, dpi)
	if err != nil {
		return nil, 0, err
	}
	return t, len(t.Features), nil
}
func (ours) match(a, b any) float64 {
	return fingerprint.Match(a.(*fingerprint.Template), b.(*fingerprint.Template))
}

// sourceAFIS runs go-sourceafis as fpdata/README.md says: templates from
// NewFromImage with the resolution, one worker, a logger that records
// nothing.
type sourceAFIS struct {
	logger  *sourceafis.DefaultTransparencyLogger
	creator *sourceafis.TemplateCreator
}

type nothing struct{}

func (nothing) Accepts(string) bool                 { return false }
func (nothing) Accept(string, string, []byte) error { return nil }

func newSourceAFIS() *sourceAFIS {
	config.LoadDefaultConfig()
	config.Config.Workers = 1
	l := sourceafis.NewTransparencyLogger(nothing{})
	return &sourceAFIS{logger: l, creator: sourceafis.NewTemplateCreator(l)}
}

func (s *sourceAFIS) name() string { return "sourceafis" }
func (s *sourceAFIS) extract(smp sample, dpi float64) (any, int, error) {
	im, err := sourceafis.NewFromImage(smp.img, sourceafis.WithResolution(dpi))
	if err != nil {
		return nil, 0, err
	}
	t, err := s.creator.Template(im)
	if err != nil {
		return nil, 0, err
	}
	return t, len(t.Minutiae), nil
}
func (s *sourceAFIS) match(a, b any) float64 {
	m, err := sourceafis.NewMatcher(s.logger, a.(*templates.SearchTemplate))
	if err != nil {
		fail("sourceafis: %v", err)
	}
	return m.Match(context.Background(), b.(*templates.SearchTemplate))
}

// hybrid extracts with go-sourceafis and matches with our matcher: it tells
// whether our extractor or our matcher limits accuracy.
type hybrid struct{ sa *sourceAFIS }

func (hybrid) name() string { return "hybrid" }
func (h hybrid) extract(s sample, dpi float64) (any, int, error) {
	t, n, err := h.sa.extract(s, dpi)
	if err != nil {
		return nil, 0, err
	}
	st := t.(*templates.SearchTemplate)
	// go-sourceafis scales templates to 500 dpi.
	out := &fingerprint.Template{Width: st.Width, Height: st.Height, DPI: 500}
	for _, m := range st.Minutiae {
		// Its directions are clockwise in image coordinates (y down).
		out.Features = append(out.Features, fingerprint.Feature{X: float64(m.X), Y: float64(m.Y),
			Angle: -m.Direction, Type: uint8(m.T) + 1})
	}
	return out, n, nil
}
func (hybrid) match(a, b any) float64 { return ours{}.match(a, b) }
