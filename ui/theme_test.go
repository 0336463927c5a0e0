package ui_test

import (
	"flag"
	"fmt"
	"image/color"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aalogon/internal/config"
	"aalogon/ui"
)

var update = flag.Bool("update", false, "rewrite docs/accessibility.md from the contrast table, and the screens' goldens in testdata/screens")

// The WCAG 2.1 minimum ratios: 1.4.3 for text, 1.4.11 for the parts of a
// control that show its state (borders, focus indicators).
const (
	textMin    = 4.5
	nonTextMin = 3.0
)

// surface is a colour as Fyne paints it: over, when set, is laid on base
// the way a focused or hovered button or selected text is drawn.
type surface struct{ base, over fyne.ThemeColorName }

func (s surface) String() string {
	if s.over == "" {
		return string(s.base)
	}
	return string(s.base) + " + " + string(s.over)
}

// contrastPair is one thing a screen can show: a text (or a control's
// state) fg on bg, with the least ratio it needs.
type contrastPair struct {
	where  string
	fg, bg surface
	min    float64
}

// contrastPairs is every colour pair the screens use, found with
// `grep -n 'Importance\|TextStyle\|Disable\|NewHyperlink\|NewCheck' ui/*.go`
// and Fyne v2.7.1's widget renderers (label.go, button.go, entry.go,
// check.go, hyperlink.go). A screen that starts using another pair adds it
// here, and docs/accessibility.md follows with -update.
var contrastPairs = []contrastPair{
	{"Titles, questions, messages, check box labels (Label, Check)", s(theme.ColorNameForeground), s(theme.ColorNameBackground), textMin},
	{"Secondary lines: server and event, \"Reader ready\", \"Since …\", \"Last used\", steps to come (Label, low importance)", s(theme.ColorNameDisabled), s(theme.ColorNameBackground), textMin},
	{"Steps done in the stepper (Label, success importance)", s(theme.ColorNameSuccess), s(theme.ColorNameBackground), textMin},
	{"Refusals and errors (Label, danger importance)", s(theme.ColorNameError), s(theme.ColorNameBackground), textMin},
	{"\"Forgot password?\" (Hyperlink)", s(theme.ColorNameHyperlink), s(theme.ColorNameBackground), textMin},
	{"Typed text (Entry)", s(theme.ColorNameForeground), s(theme.ColorNameInputBackground), textMin},
	{"Selected typed text (Entry)", s(theme.ColorNameForeground), over(theme.ColorNameInputBackground, theme.ColorNameSelection), textMin},
	{"Placeholder, \"User name\" (Entry)", s(theme.ColorNamePlaceHolder), s(theme.ColorNameInputBackground), textMin},
	{"User name kept during the password (disabled Entry)", s(theme.ColorNameDisabled), s(theme.ColorNameInputBackground), textMin},
	{"Grey buttons: Cancel, Back, chains (Button)", s(theme.ColorNameForeground), s(theme.ColorNameButton), textMin},
	{"Border of grey buttons, against the window (ui.Button)", s(theme.ColorNameInputBorder), s(theme.ColorNameBackground), nonTextMin},
	{"Grey buttons under the pointer", s(theme.ColorNameForeground), over(theme.ColorNameButton, theme.ColorNameHover), textMin},
	{"Grey buttons with the keyboard focus", s(theme.ColorNameForeground), over(theme.ColorNameButton, theme.ColorNameFocus), textMin},
	{"Blue buttons: Sign in, Next, Try again (Button, high importance)", s(theme.ColorNameForegroundOnPrimary), s(theme.ColorNamePrimary), textMin},
	{"Blue buttons under the pointer", s(theme.ColorNameForegroundOnPrimary), over(theme.ColorNamePrimary, theme.ColorNameHover), textMin},
	{"Blue buttons with the keyboard focus", s(theme.ColorNameForegroundOnPrimary), over(theme.ColorNamePrimary, theme.ColorNameFocus), textMin},
	{"Disabled buttons: a chain not on this computer, Sign in while busy", s(theme.ColorNameDisabled), s(theme.ColorNameDisabledButton), textMin},
	{"Kiosk exit dialog text", s(theme.ColorNameForeground), s(theme.ColorNameOverlayBackground), textMin},
	{"Focus on a grey button: focused against unfocused", over(theme.ColorNameButton, theme.ColorNameFocus), s(theme.ColorNameButton), nonTextMin},
	{"Focus on a blue button: focused against unfocused", over(theme.ColorNamePrimary, theme.ColorNameFocus), s(theme.ColorNamePrimary), nonTextMin},
	{"Focus ring of the hyperlink and the check box, against the window", s(theme.ColorNameFocus), s(theme.ColorNameBackground), nonTextMin},
	{"Border of fields and check boxes, against the window", s(theme.ColorNameInputBorder), s(theme.ColorNameBackground), nonTextMin},
	{"Border of fields, against their inside", s(theme.ColorNameInputBorder), s(theme.ColorNameInputBackground), nonTextMin},
	{"Focus on a field: focused border against unfocused", s(theme.ColorNamePrimary), s(theme.ColorNameInputBorder), nonTextMin},
	{"Focused field border, ticked check box and text cursor, against the window", s(theme.ColorNamePrimary), s(theme.ColorNameInputBackground), nonTextMin},
}

func s(n fyne.ThemeColorName) surface          { return surface{base: n} }
func over(base, o fyne.ThemeColorName) surface { return surface{base: base, over: o} }

// themeCase is a theme as a person sees it: a name and the variant the
// system reports.
type themeCase struct {
	title, name string
	variant     fyne.ThemeVariant
}

var themeCases = []themeCase{
	{"Light", ui.ThemeLight, theme.VariantLight},
	{"Dark", ui.ThemeDark, theme.VariantDark},
	{"High contrast", ui.ThemeHighContrast, theme.VariantDark},
}

// paint is the colour Fyne draws for sf in th.
func paint(th fyne.Theme, v fyne.ThemeVariant, sf surface) color.Color {
	c := th.Color(sf.base, v)
	if sf.over != "" {
		c = blend(c, th.Color(sf.over, v))
	}
	return c
}

// blend lays over on under with alpha, as Fyne's button renderer does
// (widget/button.go, blendColor): "over" on alpha-premultiplied values.
func blend(under, over color.Color) color.Color {
	ur, ug, ub, ua := under.RGBA()
	or, og, ob, oa := over.RGBA()
	k := 1 - float64(oa)/0xffff
	mix := func(o, u uint32) uint16 { return uint16(float64(o) + float64(u)*k) }
	return color.RGBA64{R: mix(or, ur), G: mix(og, ug), B: mix(ob, ub), A: mix(oa, ua)}
}

// luminance is the WCAG 2.1 relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG 2.1 contrast ratio of a and b, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestContrast_ReproducesKnownRatios checks the measure itself: WCAG's
// extremes, the grey that WebAIM gives as the lightest passing on white,
// and the ratios measured on screenshots of Fyne's default theme.
func TestContrast_ReproducesKnownRatios(t *testing.T) {
	def := theme.DefaultTheme()
	light, dark := theme.VariantLight, theme.VariantDark
	cases := []struct {
		name string
		a, b color.Color
		want float64
	}{
		{"black on white", color.Black, color.White, 21},
		{"#767676 on white", color.NRGBA{R: 0x76, G: 0x76, B: 0x76, A: 0xff}, color.White, 4.54},
		{"Fyne light: secondary line", def.Color(theme.ColorNameDisabled, light), def.Color(theme.ColorNameBackground, light), 1.28},
		{"Fyne dark: secondary line", def.Color(theme.ColorNameDisabled, dark), def.Color(theme.ColorNameBackground, dark), 1.55},
		{"Fyne light: error", def.Color(theme.ColorNameError, light), def.Color(theme.ColorNameBackground, light), 3.68},
		{"Fyne dark: focused grey button", paint(def, dark, over(theme.ColorNameButton, theme.ColorNameFocus)), def.Color(theme.ColorNameButton, dark), 1.16},
	}
	for _, tc := range cases {
		if got := contrast(tc.a, tc.b); math.Abs(got-tc.want) > 0.005 {
			t.Errorf("%s: contrast = %.3f:1, want %.2f:1", tc.name, got, tc.want)
		}
	}
}

func newTheme(t *testing.T, name string) *ui.Theme {
	t.Helper()
	th, err := ui.NewTheme(name)
	if err != nil {
		t.Fatalf("NewTheme(%q): %v", name, err)
	}
	return th
}

func TestTheme_ContrastOfEveryPair(t *testing.T) {
	for _, tc := range themeCases {
		th := newTheme(t, tc.name)
		for _, p := range contrastPairs {
			fg, bg := paint(th, tc.variant, p.fg), paint(th, tc.variant, p.bg)
			for _, c := range []color.Color{fg, bg} {
				if _, _, _, a := c.RGBA(); a != 0xffff {
					t.Errorf("%s: %s: %v is not opaque: its contrast depends on what is under it", tc.title, p.where, c)
				}
			}
			if got := contrast(fg, bg); got < p.min {
				t.Errorf("%s: %s: %s on %s = %.2f:1, want at least %.1f:1", tc.title, p.where, p.fg, p.bg, got, p.min)
			}
		}
	}
}

// TestTheme_FocusedButtonStandsOut focuses real Fyne buttons in a test
// window and measures what the renderer paints: with Fyne's default
// theme a focused grey button is 1.16:1 from an unfocused one.
func TestTheme_FocusedButtonStandsOut(t *testing.T) {
	for _, name := range []string{ui.ThemeSystem, ui.ThemeLight, ui.ThemeDark, ui.ThemeHighContrast} {
		for _, imp := range []widget.Importance{widget.MediumImportance, widget.HighImportance} {
			t.Run(fmt.Sprintf("%s/importance %d", name, imp), func(t *testing.T) {
				a := test.NewTempApp(t)
				if err := ui.ApplyTheme(a, name); err != nil {
					t.Fatal(err)
				}
				b := widget.NewButton("Sign in", func() {})
				b.Importance = imp
				w := test.NewTempWindow(t, b)
				fill := func() color.Color {
					return test.WidgetRenderer(b).Objects()[0].(*canvas.Rectangle).FillColor
				}
				text := func() color.Color {
					rt := test.WidgetRenderer(b).Objects()[2].(*widget.RichText)
					return test.WidgetRenderer(rt).Objects()[0].(*canvas.Text).Color
				}
				before := fill()
				w.Canvas().Focus(b)
				after := fill()
				if got := contrast(before, after); got < nonTextMin {
					t.Errorf("focused %v against unfocused %v = %.2f:1, want at least %.1f:1", after, before, got, nonTextMin)
				}
				if got := contrast(text(), after); got < textMin {
					t.Errorf("text %v on focused %v = %.2f:1, want at least %.1f:1", text(), after, got, textMin)
				}
			})
		}
	}
}

func TestTheme_FollowsTheSystemUnlessForced(t *testing.T) {
	black, white := color.NRGBA{A: 0xff}, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	cases := []struct {
		name            string
		onLight, onDark color.Color
	}{
		{ui.ThemeSystem, black, white},
		{"", black, white},
		{ui.ThemeLight, black, black},
		{ui.ThemeDark, white, white},
		{ui.ThemeHighContrast, white, white},
	}
	for _, tc := range cases {
		th := newTheme(t, tc.name)
		if got := th.Color(theme.ColorNameForeground, theme.VariantLight); got != tc.onLight {
			t.Errorf("%q: text on a light system = %v, want %v", tc.name, got, tc.onLight)
		}
		if got := th.Color(theme.ColorNameForeground, theme.VariantDark); got != tc.onDark {
			t.Errorf("%q: text on a dark system = %v, want %v", tc.name, got, tc.onDark)
		}
	}
}

// TestApplyTheme_LabelsUseIt installs a theme in Fyne's test app and
// reads the colour a label is drawn in.
func TestApplyTheme_LabelsUseIt(t *testing.T) {
	a := test.NewTempApp(t)
	if err := ui.ApplyTheme(a, ui.ThemeDark); err != nil {
		t.Fatal(err)
	}
	l := widget.NewLabel("Reader ready")
	l.Importance = widget.LowImportance
	test.NewTempWindow(t, l)
	got := test.WidgetRenderer(l).Objects()[0].(*widget.RichText)
	text := test.WidgetRenderer(got).Objects()[0].(*canvas.Text).Color
	if want := newTheme(t, ui.ThemeDark).Color(theme.ColorNameDisabled, theme.VariantDark); text != want {
		t.Errorf("low-importance label drawn in %v, want the dark theme's %v", text, want)
	}
}

func TestApplyTheme_RefusesUnknownNames(t *testing.T) {
	a := test.NewTempApp(t)
	before := a.Settings().Theme()
	for _, name := range []string{"Dark", "high_contrast", "solarized", " light"} {
		if err := ui.ApplyTheme(a, name); err == nil {
			t.Errorf("ApplyTheme(%q) = nil, want an error", name)
		}
		if _, err := ui.NewTheme(name); err == nil {
			t.Errorf("NewTheme(%q) = nil error, want one", name)
		}
	}
	if a.Settings().Theme() != before {
		t.Error("a refused name changed the app's theme")
	}
}

// TestTheme_ConfigurationNamesOpenAWindow keeps the configuration's list
// of themes in step with the window's.
func TestTheme_ConfigurationNamesOpenAWindow(t *testing.T) {
	want := []string{ui.ThemeSystem, ui.ThemeLight, ui.ThemeDark, ui.ThemeHighContrast}
	if got := config.Themes(); !slices.Equal(got, want) {
		t.Errorf("config.Themes() = %q, want the window's %q", got, want)
	}
	for _, name := range want {
		if th := newTheme(t, name); th.Name() != name {
			t.Errorf("NewTheme(%q).Name() = %q", name, th.Name())
		}
	}
}

const docPath = "../docs/accessibility.md"

// TestTheme_AccessibilityDocIsCurrent compares docs/accessibility.md with
// the contrast table; -update rewrites it.
func TestTheme_AccessibilityDocIsCurrent(t *testing.T) {
	want := accessibilityDoc(t)
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is not the contrast table the themes give: run go test ./ui -run AccessibilityDoc -update", docPath)
	}
}

func accessibilityDoc(t *testing.T) string {
	var b strings.Builder
	b.WriteString(docIntro)
	b.WriteString("\n| what | colours |")
	for _, tc := range themeCases {
		b.WriteString(" " + tc.title + " |")
	}
	b.WriteString(" needs |\n|---|---|")
	for range themeCases {
		b.WriteString("---:|")
	}
	b.WriteString("---:|\n")
	for _, p := range contrastPairs {
		fmt.Fprintf(&b, "| %s | `%s` on `%s` |", p.where, p.fg, p.bg)
		for _, tc := range themeCases {
			th := newTheme(t, tc.name)
			fmt.Fprintf(&b, " %.2f:1 |", contrast(paint(th, tc.variant, p.fg), paint(th, tc.variant, p.bg)))
		}
		fmt.Fprintf(&b, " %.1f:1 |\n", p.min)
	}
	b.WriteString(docOutro)
	return b.String()
}

const docIntro = `# Accessibility

The window meets WCAG 2.1 AA contrast in each of its themes: every text at least 4.5:1 against
what is behind it (1.4.3), and every part that shows a control or its state, such as a border or
the keyboard focus, at least 3:1 (1.4.11). No text of the window is large in the WCAG sense
(18 pt, or 14 pt bold): titles are held to 4.5:1 too.

## Themes

The configuration key ` + "`theme`" + ` ([configuration.md](configuration.md)) chooses one:

- ` + "`system`" + ` (the default): light or dark, as the system is set, and changing with it;
- ` + "`light`" + `, ` + "`dark`" + `: that variant, whatever the system says;
- ` + "`high-contrast`" + `: white text on black, the main buttons yellow with black text, a magenta
  focus; the same whether the system is light or dark.

The keyboard focus shows as a change of the control's colour: a focused button turns a middle
blue (magenta in high contrast), a focused field's border turns dark blue (light blue in the dark
theme, yellow in high contrast). The focus blue is of middle lightness because Fyne paints it over
every button alike: the black text of grey buttons and the white text of blue ones (light theme),
or the reverse (dark theme), stay readable on it, and it stands 3:1 apart from both.

Grey buttons (Cancel, Back, the chains) have a border in the fields' border colour: their fill is
close to the window's, and the border shows them as buttons at 3:1 against the window
(` + "`TestTheme_SecondaryButtonsLookLikeButtons`" + ` measures what is drawn). In high contrast a dialog,
black like the window, covers the window behind it instead of dimming it.

## Contrast of each colour pair the screens use

Generated by ` + "`go test ./ui -run AccessibilityDoc -update`" + ` from the table in
` + "`ui/theme_test.go`" + `; the same test fails when this file and the themes disagree, and
` + "`TestTheme_ContrastOfEveryPair`" + ` fails when a ratio falls under its minimum.
"A + B" is B laid over A, as Fyne draws a hovered or focused button and selected text.
`

const docOutro = `
## Keyboard

Every screen works from the keyboard alone: it starts with the focus where the person types
next (user name, password, code, answer; on the chain choice the last-used chain, else the
first), Tab and Shift+Tab move the focus, Enter (or keypad Enter) and Space press the focused
button, and Esc cancels the sign-in from any field or button. ` + "`TestKeyboardOnly_EveryDemoUserThroughEveryChain`" + `
signs every demo user in through every chain they have with keys alone.

Not covered: while a button is pressed, Fyne flashes the ` + "`pressed`" + ` colour over it for a
fraction of a second; over a focused button that flash lowers the text's contrast until it fades.

Fyne's own theme, measured on the same screens before these themes: secondary lines 1.28:1
(light) and 1.55:1 (dark), the disabled user-name field 1.41:1, the green "done" step 1.48:1
(light), red errors 3.68:1 (light), a focused grey button 1.16:1 from an unfocused one, and blue
buttons without any visible focus.
`

// TestTheme_SecondaryButtonsLookLikeButtons draws a grey button (the
// fingerprint screen's Cancel) in each theme and measures what shows it
// against the window: its fill or its border, at 3:1 (WCAG 1.4.11). With
// a fill close to the window's and no border, Cancel and Retry hardly
// looked like buttons in the dark theme, and not at all in high contrast.
func TestTheme_SecondaryButtonsLookLikeButtons(t *testing.T) {
	for _, tc := range themeCases {
		t.Run(tc.title, func(t *testing.T) {
			a := test.NewTempApp(t)
			if err := ui.ApplyTheme(a, tc.name); err != nil {
				t.Fatal(err)
			}
			b := ui.NewFingerScreen(nil, func() {}).Cancel
			test.NewTempWindow(t, b)
			window := a.Settings().Theme().Color(theme.ColorNameBackground, tc.variant)
			best, by := 1.0, "nothing"
			for _, o := range test.WidgetRenderer(b).Objects() {
				r, ok := o.(*canvas.Rectangle)
				if !ok || !r.Visible() {
					continue
				}
				for _, edge := range []struct {
					what string
					c    color.Color
					on   bool
				}{{"fill", r.FillColor, true}, {"border", r.StrokeColor, r.StrokeWidth >= 1}} {
					if !edge.on || edge.c == nil {
						continue
					}
					if _, _, _, alpha := edge.c.RGBA(); alpha != 0xffff {
						continue
					}
					if got := contrast(edge.c, window); got > best {
						best, by = got, fmt.Sprintf("its %s %v", edge.what, edge.c)
					}
				}
			}
			if best < nonTextMin {
				t.Errorf("Cancel stands out from the window %v by %s at %.2f:1, want at least %.1f:1", window, by, best, nonTextMin)
			}
		})
	}
}
