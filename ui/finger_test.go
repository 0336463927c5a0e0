package ui_test

import (
	"fmt"
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"aalogon/auth/aasim"
	"aalogon/device"
	"aalogon/ui"
)

// inLanguage loads the catalogue of lang for one test and English after it.
func inLanguage(t *testing.T, lang string) {
	t.Helper()
	if err := ui.LoadTranslations(lang); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.LoadTranslations("en") })
}

var (
	good = &device.Quality{Minutiae: 31, Needed: 5, Coverage: 0.93}
	weak = &device.Quality{Minutiae: 2, Needed: 5, Coverage: 0.71, Problem: device.QualityFaint}
)

// Each state of a capture shows at a glance in the glyph's theme colour,
// and in words too (never colour alone), in the person's language.
func TestFingerScreenShowsEachStateInColourAndWords(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name   string
		do     func(s *ui.FingerScreen)
		want   ui.FingerState
		color  fyne.ThemeColorName
		en, de string
	}{
		{"a new screen", events(), ui.FingerReady, theme.ColorNameForeground, "Ready", "Bereit"},
		{"waiting for the finger", events(device.Event{Kind: device.WaitingForFinger}),
			ui.FingerReady, theme.ColorNameForeground, "Ready", "Bereit"},
		{"a finger on the reader", events(device.Event{Kind: device.FingerOn}, device.Event{Kind: device.Capturing}),
			ui.FingerReading, theme.ColorNamePrimary, "Reading…", "Wird gelesen …"},
		{"the finger lifted", events(device.Event{Kind: device.FingerOn}, device.Event{Kind: device.FingerOff}),
			ui.FingerChecking, theme.ColorNamePrimary, "Checking…", "Wird geprüft …"},
		{"a good capture", events(device.Event{Kind: device.FingerOn}, device.Event{Kind: device.FingerOff}, device.Event{Kind: device.FingerOff, Quality: good}),
			ui.FingerRead, theme.ColorNameSuccess, "Fingerprint read", "Fingerabdruck gelesen"},
		{"a poor capture", events(device.Event{Kind: device.FingerOff, Quality: weak}, device.Event{Kind: device.Failed, Err: device.ErrTooLittle, Quality: weak}),
			ui.FingerPoor, theme.ColorNameWarning, "Not read well", "Nicht gut lesbar"},
		{"not recognised", func(s *ui.FingerScreen) { s.Event(device.Event{Kind: device.FingerOff, Quality: good}); s.Retry(2, 3) },
			ui.FingerNotRecognised, theme.ColorNameError, "Not recognised", "Nicht erkannt"},
		{"not recognised, waiting again", func(s *ui.FingerScreen) { s.Retry(2, 3); s.Event(device.Event{Kind: device.WaitingForFinger}) },
			ui.FingerNotRecognised, theme.ColorNameError, "Not recognised", "Nicht erkannt"},
		{"the reader unplugged", events(device.Event{Kind: device.Detached}),
			ui.FingerNoReader, theme.ColorNameDisabled, "No reader", "Kein Leser"},
		{"the reader plugged in again", events(device.Event{Kind: device.Detached}, device.Event{Kind: device.Attached}),
			ui.FingerReady, theme.ColorNameForeground, "Ready", "Bereit"},
		{"the reader in use elsewhere", events(device.Event{Kind: device.Failed, Err: fmt.Errorf("uru4000: open: %w", device.ErrBusy)}),
			ui.FingerUnavailable, theme.ColorNameDisabled, "Reader unavailable", "Leser nicht verfügbar"},
	} {
		for _, lang := range []string{"en", "de"} {
			t.Run(lang+"/"+tc.name, func(t *testing.T) {
				inLanguage(t, lang)
				s := ui.NewFingerScreen(nil, func() {})
				tc.do(s)
				want := map[string]string{"en": tc.en, "de": tc.de}[lang]
				if s.CaptureState() != tc.want || s.Glyph.ColorName() != tc.color || s.State.Text != want {
					t.Errorf("state %v in %q saying %q, want %v in %q saying %q",
						s.CaptureState(), s.Glyph.ColorName(), s.State.Text, tc.want, tc.color, want)
				}
			})
		}
	}
}

// events shows es on a screen, one after the other.
func events(es ...device.Event) func(*ui.FingerScreen) {
	return func(s *ui.FingerScreen) {
		for _, e := range es {
			s.Event(e)
		}
	}
}

// After a refused try the screen says how many tries are left, in the
// person's language and its plural forms.
func TestFingerScreenCountsTheAttemptsLeft(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		lang              string
		attempt, max      int
		want              string
		visible, dangerUI bool
	}{
		{"en", 1, 3, "3 attempts left", true, false},
		{"en", 2, 3, "2 attempts left", true, false},
		{"en", 3, 3, "1 attempt left", true, true},
		{"de", 2, 3, "Noch 2 Versuche", true, false},
		{"de", 3, 3, "Noch 1 Versuch", true, true},
		{"en", 1, 0, "", false, false}, // the server's limit is not known
	} {
		t.Run(fmt.Sprintf("%s/%d of %d", tc.lang, tc.attempt, tc.max), func(t *testing.T) {
			inLanguage(t, tc.lang)
			s := ui.NewFingerScreen(nil, func() {})
			s.Attempts(tc.attempt, tc.max)
			if s.Attempt.Visible() != tc.visible || (tc.visible && s.Attempt.Text != tc.want) {
				t.Errorf("attempts %q (shown %v), want %q (shown %v)", s.Attempt.Text, s.Attempt.Visible(), tc.want, tc.visible)
			}
			if tc.attempt > 1 {
				s.Retry(tc.attempt, tc.max)
				if s.Attempt.Text != tc.want || s.State.Text == "" {
					t.Errorf("after a retry: attempts %q, state %q", s.Attempt.Text, s.State.Text)
				}
			}
		})
	}
}

// A poor capture says what to do about its own problem, and keeps saying
// it while the reader waits for the finger again; the next touch clears it.
func TestFingerScreenAdvisesOnAPoorCapture(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		lang    string
		problem device.QualityProblem
		want    string
	}{
		{"en", device.QualityTooLittle, "Too little of the finger was seen. Cover more of the sensor and try again."},
		{"en", device.QualityFaint, "The print was too faint. Press a little more firmly and try again."},
		{"en", device.QualitySmudged, "The ridges ran together. Press flatter, keep still, and dry your finger if it is damp."},
		{"de", device.QualityTooLittle, "Es war zu wenig vom Finger zu sehen. Bedecken Sie mehr vom Sensor und versuchen Sie es erneut."},
		{"de", device.QualityFaint, "Der Abdruck war zu schwach. Drücken Sie etwas fester und versuchen Sie es erneut."},
		{"de", device.QualitySmudged, "Die Linien sind verschmiert. Legen Sie den Finger flacher auf, halten Sie ihn ruhig und trocknen Sie ihn, falls er feucht ist."},
	} {
		t.Run(tc.lang+"/"+tc.problem.String(), func(t *testing.T) {
			inLanguage(t, tc.lang)
			s := ui.NewFingerScreen(nil, func() {})
			q := &device.Quality{Minutiae: 3, Needed: 5, Coverage: 0.4, Problem: tc.problem}
			s.Event(device.Event{Kind: device.Failed, Err: fmt.Errorf("capture: 3 minutiae, 5 needed: %w", device.ErrTooLittle), Quality: q})
			if !s.Reader.Visible() || s.Reader.Text != tc.want {
				t.Errorf("advice %q (shown %v), want %q", s.Reader.Text, s.Reader.Visible(), tc.want)
			}
			s.Event(device.Event{Kind: device.WaitingForFinger})
			if !s.Reader.Visible() || s.Reader.Text != tc.want || s.CaptureState() != ui.FingerPoor {
				t.Errorf("waiting again: advice %q (shown %v), state %v", s.Reader.Text, s.Reader.Visible(), s.CaptureState())
			}
			s.Event(device.Event{Kind: device.FingerOn})
			if s.Reader.Visible() || s.Quality.Visible() || s.CaptureState() != ui.FingerReading {
				t.Errorf("the next touch kept the advice %q (shown %v) or the old quality (shown %v)", s.Reader.Text, s.Reader.Visible(), s.Quality.Visible())
			}
		})
	}
}

// After a capture the screen shows a small preview and what the capture
// showed; a new screen shows nothing of it.
func TestFingerScreenShowsThePreviewAndQualityOfACapture(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		lang string
		q    device.Quality
		want string
	}{
		{"en", device.Quality{Minutiae: 12, Needed: 5, Coverage: 0.6}, "12 minutiae (5 needed) · 60 % of the sensor covered"},
		{"en", device.Quality{Minutiae: 1, Needed: 5, Coverage: 0.126, Problem: device.QualityTooLittle}, "1 minutia (5 needed) · 13 % of the sensor covered"},
		{"de", device.Quality{Minutiae: 12, Needed: 5, Coverage: 0.6}, "12 Minuzien (5 nötig) · 60 % des Sensors bedeckt"},
		{"de", device.Quality{Minutiae: 1, Needed: 5, Coverage: 0.126, Problem: device.QualityTooLittle}, "1 Minuzie (5 nötig) · 13 % des Sensors bedeckt"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			inLanguage(t, tc.lang)
			s := ui.NewFingerScreen(nil, func() {})
			if s.Preview.Visible() || s.Quality.Visible() {
				t.Fatal("a new screen shows a preview or a quality")
			}
			thumb := image.NewGray(image.Rect(0, 0, 72, 94))
			s.Event(device.Event{Kind: device.FingerOff, Preview: thumb, Quality: &tc.q})
			if !s.Preview.Visible() || s.Preview.Image != thumb {
				t.Error("no preview after the capture")
			}
			if !s.Quality.Visible() || s.Quality.Text != tc.want {
				t.Errorf("quality %q (shown %v), want %q", s.Quality.Text, s.Quality.Visible(), tc.want)
			}
			fresh := ui.NewFingerScreen(nil, func() {})
			if fresh.Preview.Visible() || fresh.Preview.Image != nil || fresh.Quality.Visible() || fresh.Reader.Visible() {
				t.Error("a new screen shows the last capture")
			}
		})
	}
}

// The glyph is large and draws in the theme's colour of its state: the
// theme in use (high contrast here) decides the colour, not the screen.
func TestFingerGlyphDrawsInTheThemeColour(t *testing.T) {
	a := test.NewTempApp(t)
	if err := ui.ApplyTheme(a, ui.ThemeHighContrast); err != nil {
		t.Fatal(err)
	}
	s := ui.NewFingerScreen(nil, func() {})
	w := test.NewTempWindow(t, s.Root)
	w.Resize(fyne.NewSize(460, 560))
	if got := s.Glyph.MinSize(); got.Width < 120 || got.Height < 120 {
		t.Errorf("glyph %v, want at least 120×120", got)
	}
	s.Retry(2, 3)
	img := w.Canvas().Capture()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.Glyph)
	size := s.Glyph.Size()
	want := a.Settings().Theme().Color(theme.ColorNameError, a.Settings().ThemeVariant())
	wr, wg, wb, _ := want.RGBA()
	scale := w.Canvas().Scale()
	hits := 0
	for y := int(pos.Y * scale); y < int((pos.Y+size.Height)*scale); y++ {
		for x := int(pos.X * scale); x < int((pos.X+size.Width)*scale); x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 == wr>>8 && g>>8 == wg>>8 && b>>8 == wb>>8 {
				hits++
			}
		}
	}
	if hits < 500 {
		t.Errorf("%d pixels of the glyph in the theme's error colour, want its ridges (500 or more)", hits)
	}
}

// A fingerprint screen opened for the next logon shows nothing of the
// capture before it: no preview, no quality, no advice about it.
func TestANewFingerprintScreenForgetsTheLastCapture(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("denis")
	h.password(aasim.DemoPassword)
	h.waitFor("the fingerprint screen", func() bool { return h.c.Finger != nil })
	h.waitFor("the attempts left", func() bool { return h.c.Finger.Attempt.Text == "3 attempts left" })
	first := h.c.Finger
	q := &device.Quality{Minutiae: 2, Needed: 5, Coverage: 0.2, Problem: device.QualityTooLittle}
	h.events <- device.Event{Kind: device.FingerOff, Preview: image.NewGray(image.Rect(0, 0, 8, 8)), Quality: q}
	h.events <- device.Event{Kind: device.Failed, Err: device.ErrTooLittle, Quality: q}
	h.waitFor("the preview and the advice", func() bool {
		return first.Preview.Visible() && first.Quality.Visible() && first.CaptureState() == ui.FingerPoor
	})
	h.tap(first.Cancel)
	h.waitFor("the first sign-in phase", func() bool { return h.c.SignIn.Submit.Text == "Continue" })
	h.tap(h.c.SignIn.Submit)
	h.password(aasim.DemoPassword)
	h.waitFor("a new fingerprint screen", func() bool { return h.c.Finger != nil && h.c.Finger != first })
	h.ui(func() {
		s := h.c.Finger
		if s.Preview.Visible() || s.Preview.Image != nil || s.Quality.Visible() || s.Reader.Visible() || s.CaptureState() == ui.FingerPoor {
			t.Errorf("the new screen shows the last capture: preview %v, quality %q, advice %q, state %v",
				s.Preview.Visible(), s.Quality.Text, s.Reader.Text, s.CaptureState())
		}
	})
}

// TestFingerPreviewStandsBesideTheGlyph: a capture's preview, shown after
// the screen was laid out without it, stands beside the glyph at its full
// size, not over it, and the two are centred together.
func TestFingerPreviewStandsBesideTheGlyph(t *testing.T) {
	test.NewTempApp(t)
	s := ui.NewFingerScreen(nil, func() {})
	w := test.NewTempWindow(t, s.Root)
	w.Resize(fyne.NewSize(460, 400))
	s.Event(device.Event{Kind: device.FingerOn})
	s.Event(device.Event{Kind: device.FingerOff, Preview: image.NewGray(image.Rect(0, 0, 64, 96)), Quality: good})
	glyph, preview, line := rectOf(s.Glyph), rectOf(s.Preview), rectOf(s.Instruction)
	if !s.Preview.Visible() || preview.w < 96 || preview.h < 96 {
		t.Fatalf("preview %v (shown %v), want it shown at least 96×96", preview, s.Preview.Visible())
	}
	if glyph.x+glyph.w > preview.x+0.5 {
		t.Errorf("glyph %v and preview %v overlap by %.0f", glyph, preview, glyph.x+glyph.w-preview.x)
	}
	if left, right := glyph.x-line.x, line.x+line.w-(preview.x+preview.w); !near(left, right) {
		t.Errorf("glyph %v and preview %v stand %.0f from the left and %.0f from the right, want them centred", glyph, preview, left, right)
	}
	s.Event(device.Event{Kind: device.FingerOn}) // the next capture: the glyph alone, centred again
	glyph = rectOf(s.Glyph)
	if left, right := glyph.x-line.x, line.x+line.w-(glyph.x+glyph.w); s.Preview.Visible() || !near(left, right) {
		t.Errorf("without a preview (shown %v), the glyph %v stands %.0f from the left and %.0f from the right", s.Preview.Visible(), glyph, left, right)
	}
}

// TestFingerScreenSaysWhatToDoWithoutAReader: with no reader, or one that
// another program holds, the screen does not ask for a finger: it says
// what to do about the reader, once.
func TestFingerScreenSaysWhatToDoWithoutAReader(t *testing.T) {
	test.NewTempApp(t)
	place := ui.NewFingerScreen(nil, func() {}).Instruction.Text
	for _, tc := range []struct {
		name string
		e    device.Event
		want string
	}{
		{"unplugged", device.Event{Kind: device.Detached}, "No fingerprint reader. Plug one in."},
		{"none found", device.Event{Kind: device.Failed, Err: device.ErrNoReader}, "No fingerprint reader is connected. Plug one in."},
		{"in use", device.Event{Kind: device.Failed, Err: fmt.Errorf("uru4000: open: %w", device.ErrBusy)},
			"The fingerprint reader is in use by another program (such as fprintd). Close it, or stop the fprintd service, and try again."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ui.NewFingerScreen(nil, func() {})
			s.Event(tc.e)
			if s.Instruction.Text != tc.want {
				t.Errorf("instruction %q, want %q", s.Instruction.Text, tc.want)
			}
			if s.Reader.Visible() {
				t.Errorf("the message line says %q as well: say it once", s.Reader.Text)
			}
			s.Event(device.Event{Kind: device.Attached})
			if s.Instruction.Text != place {
				t.Errorf("a reader plugged in: instruction %q, want %q", s.Instruction.Text, place)
			}
		})
	}
}

// TestFingerVerdictOutlastsTheCapturesLateEvents: the server's "not
// recognised" comes from the flow, the capture's end from the reader's
// events; whichever comes first, the screen ends on the verdict, with the
// capture's preview and quality.
func TestFingerVerdictOutlastsTheCapturesLateEvents(t *testing.T) {
	test.NewTempApp(t)
	end := device.Event{Kind: device.FingerOff, Preview: image.NewGray(image.Rect(0, 0, 8, 8)), Quality: good}
	for _, tc := range []struct {
		name string
		do   func(s *ui.FingerScreen)
	}{
		{"capture, then verdict", func(s *ui.FingerScreen) { s.Event(end); s.Retry(2, 3) }},
		{"verdict, then the capture's end", func(s *ui.FingerScreen) { s.Retry(2, 3); s.Event(end) }},
		{"verdict, then the capture's checking and end", func(s *ui.FingerScreen) {
			s.Retry(2, 3)
			s.Event(device.Event{Kind: device.FingerOff})
			s.Event(end)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ui.NewFingerScreen(nil, func() {})
			s.Event(device.Event{Kind: device.FingerOn})
			tc.do(s)
			if s.CaptureState() != ui.FingerNotRecognised || s.State.Text != "Not recognised" {
				t.Errorf("state %v saying %q, want not recognised", s.CaptureState(), s.State.Text)
			}
			if !s.Preview.Visible() || !s.Quality.Visible() || !s.Attempt.Visible() {
				t.Errorf("preview shown %v, quality shown %v, attempts shown %v: want all three", s.Preview.Visible(), s.Quality.Visible(), s.Attempt.Visible())
			}
			s.Event(device.Event{Kind: device.FingerOn}) // the next capture is read again
			if s.CaptureState() != ui.FingerReading {
				t.Errorf("the next capture: state %v, want reading", s.CaptureState())
			}
		})
	}
}
