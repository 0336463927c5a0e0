package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Button is the window's button: a Fyne button that the keyboard presses
// with Enter (Return or the keypad's Enter) as well as with Space, and on
// which Esc does what it does elsewhere on the screen (OnEscape): a focused
// Fyne button would otherwise swallow both keys. Every screen makes its
// buttons with newButton.
type Button struct {
	widget.Button
	// OnEscape runs on Esc while the button has the focus. Nil: Esc does
	// nothing. The controller sets it to cancel the logon (watchInput).
	OnEscape func()
}

// newButton returns a button labelled label that calls tapped when it is
// tapped, or pressed with Enter or Space.
func newButton(label string, tapped func()) *Button {
	b := &Button{}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Return and keypad Enter (a disabled
// button stays up, as for a tap), hands Esc to OnEscape, and passes every
// other key, Space among them, to Fyne's button.
func (b *Button) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(&fyne.PointEvent{})
	case fyne.KeyEscape:
		if b.OnEscape != nil {
			b.OnEscape()
		}
	default:
		b.Button.TypedKey(e)
	}
}

// CreateRenderer draws Fyne's button, and round a secondary one (medium or
// low importance: Cancel, Back, Retry's neighbours, the chains) a border in
// the fields' border colour: their fill is close to the window's in the
// dark and high-contrast themes, and the border is what shows them as
// buttons (WCAG 1.4.11, 3:1 against the window; theme_test.go).
func (b *Button) CreateRenderer() fyne.WidgetRenderer {
	b.ExtendBaseWidget(b)
	r := &buttonRenderer{WidgetRenderer: b.Button.CreateRenderer(), b: b, border: canvas.NewRectangle(color.Transparent)}
	r.style()
	return r
}

// buttonRenderer is Fyne's button renderer with a border drawn over it.
type buttonRenderer struct {
	fyne.WidgetRenderer
	b      *Button
	border *canvas.Rectangle
}

// Layout lays Fyne's button out and the border round all of it.
func (r *buttonRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.border.Move(fyne.NewPos(0, 0))
	r.border.Resize(size)
}

// Objects are Fyne's button's, then the border.
func (r *buttonRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.border)
}

// Refresh redraws Fyne's button and the border in the current theme.
func (r *buttonRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.style()
	r.border.Refresh()
}

// style gives a secondary button its border; a primary one has none.
func (r *buttonRenderer) style() {
	th := r.b.Theme()
	r.border.StrokeColor = color.Transparent
	r.border.StrokeWidth = 0
	if r.b.Importance == widget.MediumImportance || r.b.Importance == widget.LowImportance {
		r.border.StrokeColor = th.Color(theme.ColorNameInputBorder, fyne.CurrentApp().Settings().ThemeVariant())
		r.border.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	}
	r.border.CornerRadius = th.Size(theme.SizeNameInputRadius)
}
