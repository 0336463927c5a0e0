package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The window's layout: one card, centred, that grows with the window up to
// a readable size; inside it fixed slots, the same on every screen, so that
// nothing jumps when a screen changes or a message or spinner appears.
//
//	card:   branding (logo, organisation) · stepper · screen
//	screen: title · prompt · content (scrolls) · message line · actions
//
// Sizes are in Fyne's device-independent units: FYNE_SCALE and the
// display's scale multiply them, the layout does not change.

// Card's readable limits: wider fields are harder to read, and a taller
// card spreads a short form over a full-screen kiosk.
const (
	cardMaxWidth  float32 = 480
	cardMaxHeight float32 = 560
)

// windowSize is the window's size when it opens: the sign-in card's
// password phase, with a logo, without scrolling.
func windowSize() fyne.Size { return fyne.NewSize(cardMaxWidth, 520) }

// cardLayout centres its one object, sized to the space it is given up to
// cardMaxWidth × cardMaxHeight, and never below the object's minimum.
type cardLayout struct{}

// Layout centres objects[0] in size.
func (cardLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if len(objects) == 0 {
		return
	}
	o := objects[0]
	min := o.MinSize()
	card := fyne.NewSize(
		fyne.Max(min.Width, fyne.Min(size.Width, cardMaxWidth)),
		fyne.Max(min.Height, fyne.Min(size.Height, cardMaxHeight)))
	o.Resize(card)
	o.Move(fyne.NewPos(fyne.Max(0, (size.Width-card.Width)/2), fyne.Max(0, (size.Height-card.Height)/2)))
}

// MinSize is the card's minimum: the content scrolls, so this is small
// and the same on every screen.
func (cardLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	if len(objects) == 0 {
		return fyne.Size{}
	}
	return objects[0].MinSize()
}

// newCard is the window's content: header (branding, stepper) above body,
// centred in the window.
func newCard(header, body fyne.CanvasObject) *fyne.Container {
	return container.New(cardLayout{}, container.NewBorder(header, nil, nil, nil, body))
}

// screenSlots are the places of a screen. Title is one bold line (nil: the
// line is kept empty, so the prompt stays where it is on other screens);
// prompt says what to do; content scrolls when the window is short; the
// message line holds refusals, notes and busy indicators and is one line
// tall even when empty, growing upwards; actions are the last row. Nil
// slots but Title are left out.
type screenSlots struct {
	Title   *widget.Label
	Prompt  fyne.CanvasObject
	Content fyne.CanvasObject
	Message []fyne.CanvasObject
	Actions fyne.CanvasObject
}

// newScreen arranges s: title and prompt at the top, the message line and
// the actions at the bottom, the content between them.
func newScreen(s screenSlots) fyne.CanvasObject {
	title := s.Title
	if title == nil {
		title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	}
	title.Wrapping = fyne.TextWrapWord
	top := newColumn(title)
	if s.Prompt != nil {
		top.Add(s.Prompt)
	}
	// An empty label holds the message line open: one line of text.
	message := container.NewStack(widget.NewLabel(""), newColumn(s.Message...))
	bottom := newColumn(message)
	if s.Actions != nil {
		bottom.Add(s.Actions)
	}
	var content fyne.CanvasObject = layout.NewSpacer()
	if s.Content != nil {
		content = container.NewVScroll(s.Content)
	}
	return container.NewBorder(top, bottom, nil, nil, content)
}

// actionRow is a screen's buttons: leading ones on the left, the primary
// ones on the right, where they stay whatever the leading ones show.
func actionRow(leading []fyne.CanvasObject, primary ...fyne.CanvasObject) *fyne.Container {
	row := container.NewHBox(leading...)
	row.Add(layout.NewSpacer())
	for _, p := range primary {
		row.Add(p)
	}
	return row
}

// stepperSlot holds the stepper one row tall whether or not a chain is
// walked, so that the screen below does not move when it appears; a chain
// wider than the card scrolls sideways instead of widening the window.
func stepperSlot(s *Stepper) fyne.CanvasObject {
	row := widget.NewLabel("")
	scroll := container.NewHScroll(container.NewCenter(s.Root))
	return container.NewStack(row, scroll)
}

// Branding is the organisation the window signs in for, shown at the top
// of the card: its logo above its name. The zero value shows nothing.
type Branding struct {
	// Name is the organisation's name, the card's heading. Empty: none.
	Name string
	// Logo is a PNG or SVG image (the resource's name ends in .png or
	// .svg). Nil: none.
	Logo fyne.Resource
}

// brandLogoSize is the box the logo is drawn in, its shape kept.
const brandLogoSize float32 = 64

// newBrandHeader shows b; nil when b is empty. name is the heading label
// (nil when b has no name).
func newBrandHeader(b Branding) (header fyne.CanvasObject, name *widget.Label) {
	if b.Name == "" && b.Logo == nil {
		return nil, nil
	}
	box := container.NewVBox()
	if b.Logo != nil {
		img := canvas.NewImageFromResource(b.Logo)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSquareSize(brandLogoSize))
		box.Add(container.NewCenter(img))
	}
	if b.Name != "" {
		name = widget.NewLabelWithStyle(b.Name, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		name.SizeName = theme.SizeNameSubHeadingText
		name.Wrapping = fyne.TextWrapWord
		box.Add(name)
	}
	return box, name
}

// columnLayout stacks objects as a VBox does, but asks a wrapped text its
// height at the column's width: a label shown for the first time, or
// after the window changed width, would otherwise report the height of
// its last width, and a window grows to its content's minimum.
type columnLayout struct {
	width float32 // the width of the last Layout
}

// newColumn stacks objects top to bottom.
func newColumn(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&columnLayout{}, objects...)
}

// Layout gives each visible object the full width and its minimum height.
func (l *columnLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	y := float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		h := l.fit(o).Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + theme.Padding()
	}
}

// MinSize is the widest object and the heights, with padding between.
func (l *columnLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var min fyne.Size
	n := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := l.fit(o)
		min.Width = fyne.Max(min.Width, m.Width)
		min.Height += m.Height
		n++
	}
	if n > 1 {
		min.Height += theme.Padding() * float32(n-1)
	}
	return min
}

// fit is o's minimum once it has the column's width.
func (l *columnLayout) fit(o fyne.CanvasObject) fyne.Size {
	if l.width > 0 && o.Size().Width != l.width {
		o.Resize(fyne.NewSize(l.width, o.Size().Height))
	}
	return o.MinSize()
}

// tableLayout lays its objects out in rows of cols cells, row by row: a
// column is as wide as its widest cell (the last one takes the width
// left, so a wrapped text in it wraps rather than widening the window);
// a row is as tall as its tallest cell, and each cell is centred in it at
// its own height.
type tableLayout struct {
	cols  int
	width float32 // the width of the last Layout: wrapped texts' heights are asked at it
}

// newTable arranges cells, row by row, in cols columns.
func newTable(cols int, cells ...fyne.CanvasObject) *fyne.Container {
	return container.New(&tableLayout{cols: cols}, cells...)
}

// widths are the columns' widths; the last column gets at least what
// width leaves of it (width 0: its minimum).
func (l *tableLayout) widths(objects []fyne.CanvasObject, width float32) []float32 {
	w := make([]float32, l.cols)
	for i, o := range objects {
		if o.Visible() {
			w[i%l.cols] = fyne.Max(w[i%l.cols], o.MinSize().Width)
		}
	}
	used := theme.Padding() * float32(l.cols-1)
	for _, cw := range w[:l.cols-1] {
		used += cw
	}
	w[l.cols-1] = fyne.Max(w[l.cols-1], width-used)
	return w
}

// rows lays the cells out at the columns' widths (when place) and
// returns the table's height.
func (l *tableLayout) rows(objects []fyne.CanvasObject, w []float32, place bool) float32 {
	y := float32(0)
	for start := 0; start < len(objects); start += l.cols {
		row := objects[start:min(start+l.cols, len(objects))]
		h := float32(0)
		for i, o := range row {
			o.Resize(fyne.NewSize(w[i], o.Size().Height)) // a wrapped text's height at this width
			h = fyne.Max(h, o.MinSize().Height)
		}
		if place {
			x := float32(0)
			for i, o := range row {
				oh := o.MinSize().Height
				o.Resize(fyne.NewSize(w[i], oh))
				o.Move(fyne.NewPos(x, y+(h-oh)/2))
				x += w[i] + theme.Padding()
			}
		}
		y += h + theme.Padding()
	}
	return fyne.Max(0, y-theme.Padding())
}

// Layout places the cells in size.
func (l *tableLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.rows(objects, l.widths(objects, size.Width), true)
}

// MinSize is the columns' widths, and the rows' heights at the width of
// the last Layout.
func (l *tableLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	width := theme.Padding() * float32(l.cols-1)
	for _, cw := range l.widths(objects, 0) {
		width += cw
	}
	return fyne.NewSize(width, l.rows(objects, l.widths(objects, l.width), false))
}
