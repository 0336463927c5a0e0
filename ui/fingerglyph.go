package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// FingerState is where a fingerprint capture stands, as the fingerprint
// screen shows it: a colour of the glyph and a word beneath it.
type FingerState int

// Fingerprint states.
const (
	// FingerReady: the reader waits for the finger.
	FingerReady FingerState = iota
	// FingerReading: a finger is on the reader.
	FingerReading
	// FingerChecking: the finger is off; the capture is being examined.
	FingerChecking
	// FingerRead: the capture is good and was sent to the server.
	FingerRead
	// FingerPoor: the capture showed too little to be sent.
	FingerPoor
	// FingerNotRecognised: the server did not match the capture.
	FingerNotRecognised
	// FingerNoReader: no reader is connected.
	FingerNoReader
	// FingerUnavailable: the reader is in use elsewhere or failed.
	FingerUnavailable
)

// look is the state's theme colour and its word, translated.
func (s FingerState) look() (fyne.ThemeColorName, string) {
	switch s {
	case FingerReading:
		return theme.ColorNamePrimary, t("finger.state_reading", "Reading…")
	case FingerChecking:
		return theme.ColorNamePrimary, t("finger.state_checking", "Checking…")
	case FingerRead:
		return theme.ColorNameSuccess, t("finger.state_read", "Fingerprint read")
	case FingerPoor:
		return theme.ColorNameWarning, t("finger.state_poor", "Not read well")
	case FingerNotRecognised:
		return theme.ColorNameError, t("finger.state_not_recognised", "Not recognised")
	case FingerNoReader:
		return theme.ColorNameDisabled, t("finger.state_no_reader", "No reader")
	case FingerUnavailable:
		return theme.ColorNameDisabled, t("finger.state_unavailable", "Reader unavailable")
	}
	return theme.ColorNameForeground, t("finger.state_ready", "Ready")
}

// glyphSize is the glyph's side at scale 1.
const glyphSize = 120

// glyphRidges are the glyph's ridge arcs, drawn by us: concentric rings
// round a core a little above the centre, open at the bottom as a finger's
// loop is, each broken once where a ridge would end. Radii in pixels at
// scale 1; angles in degrees, 0 at the top, clockwise.
func glyphRidges() [7]glyphRidge {
	return [...]glyphRidge{
		{8, -110, 20, 120},
		{16, -125, -40, 130},
		{24, -135, 60, 135},
		{32, -140, -75, 142},
		{40, -145, 30, 146},
		{48, -150, -10, 150},
		{56, -155, 95, 153},
	}
}

type glyphRidge struct{ radius, from, gap, to float32 }

// glyphStroke is the width of a ridge at scale 1.
const glyphStroke = 4

// FingerGlyph is the fingerprint screen's large fingerprint, drawn in the
// theme colour of the capture's state so that the state shows at a
// glance; the screen says the state in words too. The zero value is not
// usable: NewFingerGlyph.
type FingerGlyph struct {
	widget.BaseWidget
	color fyne.ThemeColorName
}

// NewFingerGlyph returns a glyph in the foreground colour.
func NewFingerGlyph() *FingerGlyph {
	g := &FingerGlyph{color: theme.ColorNameForeground}
	g.ExtendBaseWidget(g)
	return g
}

// SetColor draws the glyph in the theme colour n.
func (g *FingerGlyph) SetColor(n fyne.ThemeColorName) {
	if g.color == n {
		return
	}
	g.color = n
	g.Refresh()
}

// ColorName is the theme colour the glyph is drawn in.
func (g *FingerGlyph) ColorName() fyne.ThemeColorName { return g.color }

// CreateRenderer implements fyne.Widget.
func (g *FingerGlyph) CreateRenderer() fyne.WidgetRenderer {
	r := &glyphRenderer{g: g}
	for _, ridge := range glyphRidges() {
		for _, span := range [][2]float32{{ridge.from, ridge.gap - 9}, {ridge.gap + 9, ridge.to}} {
			a := canvas.NewArc(span[0], span[1], 1-glyphStroke/ridge.radius, nil)
			a.CornerRadius = glyphStroke / 2
			r.arcs = append(r.arcs, a)
			r.objects = append(r.objects, a)
		}
	}
	r.Refresh()
	return r
}

type glyphRenderer struct {
	g       *FingerGlyph
	arcs    []*canvas.Arc
	objects []fyne.CanvasObject
}

func (r *glyphRenderer) Layout(size fyne.Size) {
	scale := min(size.Width, size.Height) / glyphSize
	cx, cy := size.Width/2, size.Height/2-4*scale
	ridges := glyphRidges()
	for i, a := range r.arcs {
		rad := ridges[i/2].radius * scale
		a.CutoutRatio = 1 - glyphStroke*scale/rad
		a.Resize(fyne.NewSize(2*rad, 2*rad))
		a.Move(fyne.NewPos(cx-rad, cy-rad))
	}
}

func (r *glyphRenderer) MinSize() fyne.Size { return fyne.NewSquareSize(glyphSize) }

func (r *glyphRenderer) Refresh() {
	c := r.g.Theme().Color(r.g.color, fyne.CurrentApp().Settings().ThemeVariant())
	for _, a := range r.arcs {
		a.FillColor = c
		a.Refresh()
	}
}

func (r *glyphRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *glyphRenderer) Destroy()                     {}
