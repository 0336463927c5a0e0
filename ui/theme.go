package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme names, the values of the configuration key "theme"
// (docs/configuration.md). The contrast each one reaches is listed in
// docs/accessibility.md.
const (
	// ThemeSystem follows the system's light or dark setting.
	ThemeSystem = "system"
	// ThemeLight and ThemeDark force one variant whatever the system says.
	ThemeLight = "light"
	ThemeDark  = "dark"
	// ThemeHighContrast is white on black with yellow controls, whatever
	// the system says.
	ThemeHighContrast = "high-contrast"
)

// Theme is Fyne's default theme with colours that keep every text of the
// window at WCAG 2.1 AA contrast (4.5:1) and every focus indicator at 3:1
// against what it replaces. Fonts, icons and sizes are Fyne's.
//
// Fyne draws a focused or hovered button by laying the focus or hover
// colour over the button's own colour, for grey buttons (dark text in the
// light variant) and blue ones (light text) alike. The focus colour is
// therefore opaque and of middle lightness: both black and white text
// stay readable on it, and it stands 3:1 apart from the very light and
// the very dark button colours it replaces.
type Theme struct {
	name string
	// light and dark are the palettes for the variant Fyne asks for; a
	// theme that forces a variant has the same palette in both.
	light, dark palette
}

var _ fyne.Theme = (*Theme)(nil)

// palette maps each colour name to its colour; variant is the Fyne
// variant the palette stands for, used for the colours it does not name.
type palette struct {
	variant fyne.ThemeVariant
	colors  map[fyne.ThemeColorName]color.NRGBA
}

// NewTheme returns the theme called name (ThemeSystem, ThemeLight,
// ThemeDark, ThemeHighContrast); "" is ThemeSystem. Any other name is an
// error: the configuration check refuses it before the window opens.
func NewTheme(name string) (*Theme, error) {
	light := palette{theme.VariantLight, lightColors()}
	dark := palette{theme.VariantDark, darkColors()}
	switch name {
	case "", ThemeSystem:
		return &Theme{name: ThemeSystem, light: light, dark: dark}, nil
	case ThemeLight:
		return &Theme{name: name, light: light, dark: light}, nil
	case ThemeDark:
		return &Theme{name: name, light: dark, dark: dark}, nil
	case ThemeHighContrast:
		hc := palette{theme.VariantDark, highContrastColors()}
		return &Theme{name: name, light: hc, dark: hc}, nil
	}
	return nil, fmt.Errorf("ui: unknown theme %q (%s, %s, %s, %s)", name, ThemeSystem, ThemeLight, ThemeDark, ThemeHighContrast)
}

// Name is the theme's name, as the configuration spells it.
func (t *Theme) Name() string { return t.name }

// Color returns the colour called n for variant v: the system's variant
// when the theme follows the system, else the theme's own.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	p := t.light
	if v == theme.VariantDark {
		p = t.dark
	}
	if c, ok := p.colors[n]; ok {
		return c
	}
	return theme.DefaultTheme().Color(n, p.variant)
}

// Font is Fyne's font.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon is Fyne's icon; it is drawn in this theme's colours.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size is Fyne's size.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

func rgba(hex uint32, alpha uint8) color.NRGBA {
	c := rgb(hex)
	c.A = alpha
	return c
}

// focusBlue is the focus colour of the light and dark variants: relative
// luminance 0.179, so 4.57:1 under white text and 4.58:1 under black.
const focusBlue = 0x3373d6

// lightColors: black text on white, light grey buttons, navy blue
// buttons with white text.
func lightColors() map[fyne.ThemeColorName]color.NRGBA {
	return map[fyne.ThemeColorName]color.NRGBA{
		theme.ColorNameBackground:          rgb(0xffffff),
		theme.ColorNameForeground:          rgb(0x000000),
		theme.ColorNameDisabled:            rgb(0x595959),
		theme.ColorNamePlaceHolder:         rgb(0x595959),
		theme.ColorNameButton:              rgb(0xe6e6e6),
		theme.ColorNameDisabledButton:      rgb(0xededed),
		theme.ColorNamePrimary:             rgb(0x06245c),
		theme.ColorNameForegroundOnPrimary: rgb(0xffffff),
		theme.ColorNameFocus:               rgb(focusBlue),
		theme.ColorNameHover:               rgba(0x000000, 0x14),
		theme.ColorNamePressed:             rgba(0x000000, 0x29),
		theme.ColorNameSelection:           rgba(0x3373d6, 0x40),
		theme.ColorNameHyperlink:           rgb(0x0645ad),
		theme.ColorNameSuccess:             rgb(0x1b6e20),
		theme.ColorNameForegroundOnSuccess: rgb(0xffffff),
		theme.ColorNameError:               rgb(0xb00020),
		theme.ColorNameForegroundOnError:   rgb(0xffffff),
		theme.ColorNameWarning:             rgb(0x8a4b00),
		theme.ColorNameForegroundOnWarning: rgb(0xffffff),
		theme.ColorNameInputBackground:     rgb(0xffffff),
		theme.ColorNameInputBorder:         rgb(0x8a8a8a),
		theme.ColorNameSeparator:           rgb(0x8a8a8a),
		theme.ColorNameHeaderBackground:    rgb(0xf2f2f2),
		theme.ColorNameMenuBackground:      rgb(0xffffff),
		theme.ColorNameOverlayBackground:   rgb(0xffffff),
		theme.ColorNameScrollBar:           rgba(0x000000, 0x99),
		theme.ColorNameScrollBarBackground: rgb(0xe6e6e6),
		theme.ColorNameShadow:              rgba(0x000000, 0x33),
	}
}

// darkColors: white text on near-black, dark grey buttons, light blue
// buttons with black text.
func darkColors() map[fyne.ThemeColorName]color.NRGBA {
	return map[fyne.ThemeColorName]color.NRGBA{
		theme.ColorNameBackground:          rgb(0x121212),
		theme.ColorNameForeground:          rgb(0xffffff),
		theme.ColorNameDisabled:            rgb(0xa6a6a6),
		theme.ColorNamePlaceHolder:         rgb(0xa6a6a6),
		theme.ColorNameButton:              rgb(0x1f1f1f),
		theme.ColorNameDisabledButton:      rgb(0x1f1f1f),
		theme.ColorNamePrimary:             rgb(0xc6dcff),
		theme.ColorNameForegroundOnPrimary: rgb(0x000000),
		theme.ColorNameFocus:               rgb(focusBlue),
		theme.ColorNameHover:               rgba(0xffffff, 0x14),
		theme.ColorNamePressed:             rgba(0xffffff, 0x29),
		theme.ColorNameSelection:           rgba(0x3373d6, 0x80),
		theme.ColorNameHyperlink:           rgb(0x8ab4f8),
		theme.ColorNameSuccess:             rgb(0x7ee787),
		theme.ColorNameForegroundOnSuccess: rgb(0x000000),
		theme.ColorNameError:               rgb(0xff8a80),
		theme.ColorNameForegroundOnError:   rgb(0x000000),
		theme.ColorNameWarning:             rgb(0xffb74d),
		theme.ColorNameForegroundOnWarning: rgb(0x000000),
		theme.ColorNameInputBackground:     rgb(0x1a1a1a),
		theme.ColorNameInputBorder:         rgb(0x737373),
		theme.ColorNameSeparator:           rgb(0x737373),
		theme.ColorNameHeaderBackground:    rgb(0x1a1a1a),
		theme.ColorNameMenuBackground:      rgb(0x1f1f1f),
		theme.ColorNameOverlayBackground:   rgb(0x1a1a1a),
		theme.ColorNameScrollBar:           rgba(0xffffff, 0x99),
		theme.ColorNameScrollBarBackground: rgb(0x1f1f1f),
		theme.ColorNameShadow:              rgba(0x000000, 0x66),
	}
}

// highContrastColors: white text on black, yellow controls with black
// text, a magenta focus. The shadow under a dialog is opaque: a dialog's
// black box would not stand out from the black window, so the window
// behind it is covered instead of dimmed (the kiosk's PIN dialog).
func highContrastColors() map[fyne.ThemeColorName]color.NRGBA {
	return map[fyne.ThemeColorName]color.NRGBA{
		theme.ColorNameBackground:          rgb(0x000000),
		theme.ColorNameForeground:          rgb(0xffffff),
		theme.ColorNameDisabled:            rgb(0xc8c8c8),
		theme.ColorNamePlaceHolder:         rgb(0xc8c8c8),
		theme.ColorNameButton:              rgb(0x000000),
		theme.ColorNameDisabledButton:      rgb(0x000000),
		theme.ColorNamePrimary:             rgb(0xffff00),
		theme.ColorNameForegroundOnPrimary: rgb(0x000000),
		theme.ColorNameFocus:               rgb(0xd000d0),
		theme.ColorNameHover:               rgba(0xffffff, 0x33),
		theme.ColorNamePressed:             rgba(0xffffff, 0x4d),
		theme.ColorNameSelection:           rgba(0xd000d0, 0x80),
		theme.ColorNameHyperlink:           rgb(0x00ffff),
		theme.ColorNameSuccess:             rgb(0x00ff00),
		theme.ColorNameForegroundOnSuccess: rgb(0x000000),
		theme.ColorNameError:               rgb(0xff6b6b),
		theme.ColorNameForegroundOnError:   rgb(0x000000),
		theme.ColorNameWarning:             rgb(0xffb000),
		theme.ColorNameForegroundOnWarning: rgb(0x000000),
		theme.ColorNameInputBackground:     rgb(0x000000),
		theme.ColorNameInputBorder:         rgb(0x8a8a8a),
		theme.ColorNameSeparator:           rgb(0xffffff),
		theme.ColorNameHeaderBackground:    rgb(0x000000),
		theme.ColorNameMenuBackground:      rgb(0x000000),
		theme.ColorNameOverlayBackground:   rgb(0x000000),
		theme.ColorNameScrollBar:           rgb(0xffffff),
		theme.ColorNameScrollBarBackground: rgb(0x000000),
		theme.ColorNameShadow:              rgb(0x000000),
	}
}

// ApplyTheme makes the theme called name (NewTheme) the theme of a's
// windows. An unknown name is an error and leaves a's theme as it was.
func ApplyTheme(a fyne.App, name string) error {
	th, err := NewTheme(name)
	if err != nil {
		return err
	}
	a.Settings().SetTheme(th)
	return nil
}
