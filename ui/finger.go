package ui

import (
	"errors"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"aalogon/device"
)

// FingerScreen guides a fingerprint capture: the reader's state, what to do
// now, the attempt, an optional low-resolution preview of the last capture
// (off by default, never stored), and in demo mode a button that touches
// the virtual reader.
type FingerScreen struct {
	Root        fyne.CanvasObject
	Reader      *widget.Label
	Instruction *widget.Label
	Attempt     *widget.Label
	Spinner     *widget.Activity
	Preview     *canvas.Image
	Touch       *widget.Button // nil outside demo mode
	Cancel      *widget.Button

	swipe bool // the reader is a swipe sensor (its driver's declaration)
}

// NewFingerScreen returns the screen; onTouch is nil outside demo mode.
func NewFingerScreen(onTouch, onCancel func()) *FingerScreen {
	s := &FingerScreen{}
	s.Reader = lowLabel(t("finger.reader_ready", "Reader ready"))
	s.Instruction = widget.NewLabelWithStyle(s.placeText(),
		fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.Instruction.Wrapping = fyne.TextWrapWord
	s.Attempt = widget.NewLabel("")
	s.Attempt.Alignment = fyne.TextAlignCenter
	s.Attempt.Importance = widget.DangerImportance
	s.Attempt.Hide()
	s.Spinner = widget.NewActivity()
	s.Spinner.Hide()
	s.Preview = canvas.NewImageFromImage(nil)
	s.Preview.FillMode = canvas.ImageFillContain
	s.Preview.SetMinSize(fyne.NewSize(96, 96))
	s.Preview.Hide()
	s.Cancel = widget.NewButton(t("common.cancel", "Cancel"), onCancel)
	buttons := container.NewHBox(s.Cancel, layout.NewSpacer())
	if onTouch != nil {
		s.Touch = widget.NewButton(t("finger.touch", "Touch the virtual reader"), onTouch)
		s.Touch.Importance = widget.HighImportance
		buttons.Add(s.Touch)
	}
	s.Root = container.NewVBox(s.Reader, s.Instruction, s.Spinner, s.Attempt, container.NewCenter(s.Preview), buttons)
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

// Event shows a reader event.
func (s *FingerScreen) Event(e device.Event) {
	if e.Reader.Driver != "" {
		s.swipe = e.Reader.Presentation == device.Swipe
	}
	switch e.Kind {
	case device.Attached, device.WaitingForFinger:
		s.Reader.SetText(t("finger.reader_ready", "Reader ready"))
		s.Instruction.SetText(s.placeText())
		s.Spinner.Hide()
	case device.Detached:
		s.Reader.SetText(t("finger.reader_none", "No fingerprint reader. Plug one in."))
	case device.FingerOn, device.Capturing:
		s.Reader.SetText(t("finger.reader_busy", "Reader busy"))
		if s.swipe {
			s.Instruction.SetText(t("finger.swiping", "Keep swiping, steadily…"))
		} else {
			s.Instruction.SetText(t("finger.capturing", "Keep your finger still…"))
		}
		s.Spinner.Show()
		s.Spinner.Start()
	case device.FingerOff:
		s.Reader.SetText(t("finger.reader_ready", "Reader ready"))
		s.Spinner.Stop()
		s.Spinner.Hide()
	case device.Failed:
		s.Reader.SetText(readerMessage(e.Err))
	}
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

// Retry shows "not recognised, try again (n of max)".
func (s *FingerScreen) Retry(attempt, max int) {
	s.Attempt.SetText(t("finger.retry", "Not recognised, try again ({{.Attempt}} of {{.Max}}).",
		map[string]any{"Attempt": attempt, "Max": max}))
	s.Attempt.Show()
	s.Instruction.SetText(s.placeText())
	s.Spinner.Hide()
}

// ShowPreview shows a small version of the last capture. It is kept only
// in this widget, never written anywhere.
func (s *FingerScreen) ShowPreview(img image.Image) {
	s.Preview.Image = img
	s.Preview.Show()
	s.Preview.Refresh()
}
