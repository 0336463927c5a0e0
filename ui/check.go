package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Check is the window's check box: a Fyne check box whose words wrap onto
// more lines when the window is narrow, which Enter (Return or the
// keypad's Enter) ticks as Space does, and on which Esc does what it does
// elsewhere on the screen (OnEscape), as on a Button. A tap anywhere on
// the box or its words ticks it.
type Check struct {
	widget.Check
	// OnEscape runs on Esc while the box has the focus. Nil: Esc does
	// nothing. The controller sets it to cancel the logon (watchInput).
	OnEscape func()
}

// newCheck returns an unticked box labelled label.
func newCheck(label string) *Check {
	c := &Check{}
	c.Text = label
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey ticks or unticks the box on Return and keypad Enter, hands Esc
// to OnEscape, and passes every other key to Fyne's check box.
func (c *Check) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		c.TypedRune(' ')
	case fyne.KeyEscape:
		if c.OnEscape != nil {
			c.OnEscape()
		}
	default:
		c.Check.TypedKey(e)
	}
}

// Tapped ticks or unticks the box wherever it is tapped: Fyne's box would
// take taps on its first line only.
func (c *Check) Tapped(*fyne.PointEvent) {
	c.Check.Tapped(&fyne.PointEvent{Position: fyne.NewPos(0, c.Size().Height/2)})
}

// MinSize is the box beside its words wrapped at the width it has.
func (c *Check) MinSize() fyne.Size {
	c.ExtendBaseWidget(c)
	return c.Check.MinSize()
}

// CreateRenderer draws Fyne's box without its one-line text, and the text
// as a wrapping label beside it.
func (c *Check) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	box := c.Check.CreateRenderer()
	r := &checkRenderer{WidgetRenderer: box, c: c, label: widget.NewLabel(c.Text)}
	for _, o := range box.Objects() {
		if text, ok := o.(*canvas.Text); ok {
			r.text = text
		}
	}
	r.label.Wrapping = fyne.TextWrapWord
	r.Refresh()
	return r
}

// checkRenderer is Fyne's check box renderer with its text hidden and a
// wrapping label in its place.
type checkRenderer struct {
	fyne.WidgetRenderer
	c     *Check
	text  *canvas.Text // Fyne's one line, hidden
	label *widget.Label
}

// boxWidth is the width of the box and its focus ring, where Fyne's text
// would start.
func (r *checkRenderer) boxWidth() float32 {
	th := r.c.Theme()
	return th.Size(theme.SizeNameInlineIcon) + th.Size(theme.SizeNameInnerPadding) + 2*th.Size(theme.SizeNameInputBorder)
}

// labelInset is how far a label's text stands in from its edge.
func (r *checkRenderer) labelInset() float32 { return r.c.Theme().Size(theme.SizeNameInnerPadding) }

// Layout puts the box at the left, centred on the words, and the words in
// the rest of the width.
func (r *checkRenderer) Layout(size fyne.Size) {
	left := r.boxWidth() - r.labelInset()
	r.label.Resize(fyne.NewSize(size.Width-left, r.label.Size().Height))
	r.label.Resize(fyne.NewSize(size.Width-left, r.label.MinSize().Height))
	r.label.Move(fyne.NewPos(left, (size.Height-r.label.Size().Height)/2))
	r.WidgetRenderer.Layout(fyne.NewSize(r.boxWidth(), size.Height))
}

// MinSize is the box's height or the words', whichever is taller, and
// the box beside the words' narrowest wrapping.
func (r *checkRenderer) MinSize() fyne.Size {
	box := r.WidgetRenderer.MinSize() // without text: the box alone
	words := r.label.MinSize()
	return fyne.NewSize(r.boxWidth()-r.labelInset()+words.Width, fyne.Max(box.Height, words.Height))
}

// Objects are Fyne's box's and the label.
func (r *checkRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.label)
}

// Refresh redraws the box and the words, greyed out when disabled.
func (r *checkRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	if r.text != nil {
		r.text.Text = ""
		r.text.Hide()
	}
	r.label.Importance = widget.MediumImportance
	if r.c.Disabled() {
		r.label.Importance = widget.LowImportance
	}
	r.label.SetText(r.c.Text)
}

// Link is the window's hyperlink: Enter opens it as Space does, and Esc
// does what it does elsewhere on the screen (OnEscape), as on a Button.
type Link struct {
	widget.Hyperlink
	// OnEscape runs on Esc while the link has the focus. Nil: Esc does
	// nothing. The controller sets it to cancel the logon (watchInput).
	OnEscape func()
}

// newLink returns a link labelled label that opens nothing until its URL
// is set.
func newLink(label string) *Link {
	l := &Link{}
	l.Text = label
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey opens the link on Return, keypad Enter and Space, hands Esc to
// OnEscape, and passes every other key to Fyne's hyperlink.
func (l *Link) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		l.Hyperlink.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	case fyne.KeyEscape:
		if l.OnEscape != nil {
			l.OnEscape()
		}
	default:
		l.Hyperlink.TypedKey(e)
	}
}
