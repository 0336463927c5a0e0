package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"aalogon/device"
)

// FingerScreen guides a fingerprint capture: a large fingerprint glyph in
// the colour of the capture's state with the state in words, what to do
// now, what went wrong with the reader or the last capture, the attempts
// left, and after a capture what it showed: a small preview (when the
// source sends one; never stored) and its quality. In demo mode a button
// touches the virtual reader. A new screen starts empty: nothing of an
// earlier capture carries over.
type FingerScreen struct {
	Root  fyne.CanvasObject
	Glyph *FingerGlyph
	// State is the glyph's state in words.
	State *widget.Label
	// Reader says what is wrong with the reader or the last capture, and
	// what to do; hidden when nothing is.
	Reader      *widget.Label
	Instruction *widget.Label
	// Attempt says how many attempts are left.
	Attempt *widget.Label
	Spinner *widget.Activity
	Preview *canvas.Image
	// Quality is what the last capture showed: minutiae against those
	// needed, and how much of the sensor it covered.
	Quality *widget.Label
	Touch   *Button // nil outside demo mode
	Cancel  *Button
	// TryAgain tries the reader again after it failed; hidden otherwise.
	TryAgain *Button

	state FingerState
	swipe bool // the reader is a swipe sensor (its driver's declaration)
	// judged: the flow's verdict on the last capture is on show; the
	// capture's own events, should they come later, do not replace it.
	judged bool
	// capture is the glyph and the preview side by side, centred; laid
	// out again when the preview shows or hides.
	capture *fyne.Container
}

// NewFingerScreen returns the screen; onTouch is nil outside demo mode.
func NewFingerScreen(onTouch, onCancel func()) *FingerScreen {
	s := &FingerScreen{Glyph: NewFingerGlyph()}
	s.State = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.Reader = widget.NewLabel("")
	s.Reader.Alignment = fyne.TextAlignCenter
	s.Reader.Wrapping = fyne.TextWrapWord
	s.Reader.Hide()
	s.Instruction = widget.NewLabelWithStyle(s.placeText(), fyne.TextAlignCenter, fyne.TextStyle{})
	s.Instruction.Wrapping = fyne.TextWrapWord
	s.Attempt = widget.NewLabel("")
	s.Attempt.Alignment = fyne.TextAlignCenter
	s.Attempt.Hide()
	s.Spinner = widget.NewActivity()
	s.Spinner.Hide()
	s.Preview = canvas.NewImageFromImage(nil)
	s.Preview.FillMode = canvas.ImageFillContain
	s.Preview.SetMinSize(fyne.NewSize(96, 96))
	s.Preview.Hide()
	s.Quality = lowLabel("")
	s.Quality.Alignment = fyne.TextAlignCenter
	s.Quality.Hide()
	s.Cancel = newButton(t("common.cancel", "Cancel"), onCancel)
	s.TryAgain = newButton(t("push.retry", "Try again"), nil)
	s.TryAgain.Importance = widget.HighImportance
	s.TryAgain.Hide()
	primary := []fyne.CanvasObject{s.TryAgain}
	if onTouch != nil {
		s.Touch = newButton(t("finger.touch", "Touch the virtual reader"), onTouch)
		s.Touch.Importance = widget.HighImportance
		primary = append(primary, s.Touch)
	}
	s.setState(FingerReady)
	// The preview stands beside the glyph: the capture next to its state.
	// What went wrong and the spinner share the message line.
	s.capture = container.NewCenter(container.NewHBox(s.Glyph, s.Preview))
	s.Root = newScreen(screenSlots{Title: s.State, Prompt: s.Instruction,
		Content: container.NewVBox(s.capture, s.Quality, s.Attempt),
		Message: []fyne.CanvasObject{s.Spinner, s.Reader},
		Actions: actionRow([]fyne.CanvasObject{s.Cancel}, primary...)})
	return s
}

// placeText asks for the finger as the reader takes it: placed on a press
// sensor, drawn across a swipe sensor.
func (s *FingerScreen) placeText() string {
	if s.swipe {
		return t("finger.swipe", "Swipe your finger across the reader, from the first joint down.")
	}
	return t("finger.place", "Place your finger on the reader.")
}

// CaptureState is the state the screen shows.
func (s *FingerScreen) CaptureState() FingerState { return s.state }

// setState shows st in the glyph's colour and in words.
func (s *FingerScreen) setState(st FingerState) {
	s.state = st
	color, word := st.look()
	s.Glyph.SetColor(color)
	s.State.SetText(word)
}

// say shows what is wrong and what to do; "" hides it.
func (s *FingerScreen) say(text string) {
	s.Reader.SetText(text)
	if text == "" {
		s.Reader.Hide()
	} else {
		s.Reader.Show()
	}
}

// Event shows a reader event, and with the event that ends a capture its
// preview and quality. A poor capture or a refused one stays on show,
// with its reason, while the reader waits for the finger again.
func (s *FingerScreen) Event(e device.Event) {
	if e.Reader.Driver != "" {
		s.swipe = e.Reader.Presentation == device.Swipe
	}
	switch e.Kind {
	case device.Attached, device.WaitingForFinger:
		if e.Kind == device.Attached || (s.state != FingerPoor && s.state != FingerNotRecognised) {
			s.setState(FingerReady)
			s.say("")
		}
		s.Instruction.SetText(s.placeText())
		s.stopSpinner()
	case device.Detached:
		s.readerProblem(FingerNoReader, t("finger.reader_none", "No fingerprint reader. Plug one in."))
		s.stopSpinner()
	case device.FingerOn, device.Capturing:
		s.judged = false // a new capture
		s.setState(FingerReading)
		s.say("")
		s.forgetCapture()
		if s.swipe {
			s.Instruction.SetText(t("finger.swiping", "Keep swiping, steadily…"))
		} else {
			s.Instruction.SetText(t("finger.capturing", "Keep your finger still…"))
		}
		s.Spinner.Show()
		s.Spinner.Start()
	case device.FingerOff:
		s.stopSpinner()
		s.finished(e)
	case device.Failed:
		s.stopSpinner()
		s.failed(e)
	}
}

// finished shows the end of a capture: checking, then what the capture
// showed once it has been examined.
func (s *FingerScreen) finished(e device.Event) {
	if e.Preview != nil {
		s.Preview.Image = e.Preview
		s.Preview.Show()
		s.Preview.Refresh()
		s.capture.Refresh()
	}
	q := e.Quality
	if q != nil {
		s.showQuality(*q)
	}
	if s.judged {
		return // the server has spoken on this capture: its verdict stays
	}
	if q == nil {
		if s.state == FingerReading {
			s.setState(FingerChecking)
			s.Instruction.SetText(t("common.wait", "One moment…"))
		}
		return
	}
	if q.Poor() {
		s.poor(q)
		return
	}
	s.setState(FingerRead)
	s.Instruction.SetText(t("common.wait", "One moment…"))
}

// failed shows why a capture failed: a poor capture with its advice, no
// reader, or what the reader reported.
func (s *FingerScreen) failed(e device.Event) {
	switch {
	case errors.Is(e.Err, device.ErrTooLittle):
		if e.Quality != nil {
			s.showQuality(*e.Quality)
		}
		s.poor(e.Quality)
		return
	case errors.Is(e.Err, device.ErrNoReader), errors.Is(e.Err, device.ErrUnplugged):
		s.readerProblem(FingerNoReader, readerMessage(e.Err))
	default:
		s.readerProblem(FingerUnavailable, readerMessage(e.Err))
	}
}

// readerProblem shows a reader that cannot take a finger: the state, and
// in place of "Place your finger" what is wrong and what to do (plug a
// reader in, close the program that holds it, wait).
func (s *FingerScreen) readerProblem(st FingerState, todo string) {
	s.setState(st)
	s.say("")
	s.Instruction.SetText(todo)
}

// poor shows a capture refused before sending, with what to do about its
// problem (q may be nil: too little of the finger).
func (s *FingerScreen) poor(q *device.Quality) {
	s.setState(FingerPoor)
	s.Instruction.SetText(s.placeText())
	problem := device.QualityTooLittle
	if q != nil {
		problem = q.Problem
	}
	switch problem {
	case device.QualityFaint:
		s.say(t("finger.poor_faint", "The print was too faint. Press a little more firmly and try again."))
	case device.QualitySmudged:
		s.say(t("finger.poor_smudged", "The ridges ran together. Press flatter, keep still, and dry your finger if it is damp."))
	default:
		s.say(readerMessage(device.ErrTooLittle))
	}
}

// showQuality shows what a capture showed: "12 minutiae (5 needed) ·
// 60 % of the sensor covered".
func (s *FingerScreen) showQuality(q device.Quality) {
	s.Quality.SetText(lang.XN("finger.quality", "{{.Minutiae}} minutiae ({{.Needed}} needed) · {{.Coverage}} % of the sensor covered",
		q.Minutiae, map[string]any{"Minutiae": q.Minutiae, "Needed": q.Needed, "Coverage": int(q.Coverage*100 + 0.5)}))
	s.Quality.Show()
}

// forgetCapture hides the last capture's preview and quality: a new one
// is on its way.
func (s *FingerScreen) forgetCapture() {
	s.Preview.Image = nil
	s.Preview.Hide()
	s.capture.Refresh()
	s.Quality.SetText("")
	s.Quality.Hide()
}

func (s *FingerScreen) stopSpinner() {
	s.Spinner.Stop()
	s.Spinner.Hide()
}

// readerState is what a fingerprint screen opened later may learn from e:
// the reader's state, never the capture of the person before (no preview,
// no quality, no refused capture). ok is false when e says nothing about
// the reader.
func readerState(e device.Event) (state device.Event, ok bool) {
	if e.Kind == device.Failed && errors.Is(e.Err, device.ErrTooLittle) {
		return device.Event{}, false
	}
	e.Preview, e.Quality = nil, nil
	return e, true
}

// readerMessage says what went wrong with the reader, translated.
func readerMessage(err error) string {
	for _, m := range []struct {
		err error
		key string
	}{
		{device.ErrNoReader, "reader.none"}, {device.ErrBusy, "reader.busy"},
		{device.ErrPermission, "reader.permission"}, {device.ErrUnplugged, "reader.unplugged"},
		{device.ErrTimeout, "reader.timeout"}, {device.ErrUnsupported, "reader.unsupported"},
		{device.ErrNoUSB, "reader.no_usb"}, {device.ErrProtocol, "reader.protocol"},
		{device.ErrTooLittle, "reader.too_little"},
	} {
		if errors.Is(err, m.err) {
			return t(m.key, device.Message(err))
		}
	}
	return t("error.reader", device.Message(err))
}
