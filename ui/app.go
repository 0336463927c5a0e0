// Package ui is the Fyne sign-in window. It holds no protocol or USB code:
// it drives auth/flow through its Prompter and shows what the flow reports.
// One file per screen; controller.go moves between them.
package ui

import (
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"aalogon/assets"
	"aalogon/internal/i18n"
	_ "aalogon/internal/i18n/posixlocale" // before Fyne reads the locale: quiet under C.UTF-8
)

// AppID is the application id (FyneApp.toml, desktop file, preferences).
const AppID = "io.aalogon.client"

// LoadTranslations adds the shipped translations and sets the language the
// window speaks as the terminal picks it (i18n.Catalogue.Resolve): a
// non-empty language ("de", "en": --lang, else the configuration's),
// else the system locale (LC_ALL, LC_MESSAGES, LANG), else English; "C",
// "POSIX" and unset mean English.
//
// Fyne reads the locale from the environment itself, and logs "Error
// parsing user locale C" for LANG=C.UTF-8 and ignores LANGUAGE under
// LANG=C: so the resolved language is written to LANGUAGE and to the
// variable Fyne reads first (LC_ALL when set, else LC_MESSAGES) before it
// parses them. On Windows and macOS Fyne asks the system instead.
func LoadTranslations(language string) error {
	chosen := i18n.Shipped().Resolve(os.Getenv, language)
	os.Setenv("LANGUAGE", chosen)
	if os.Getenv("LC_ALL") != "" {
		os.Setenv("LC_ALL", chosen)
	} else {
		os.Setenv("LC_MESSAGES", chosen)
	}
	return lang.AddTranslationsFS(assets.Translations, "translations")
}

// Language is the language the UI speaks, for Accept-Language.
func Language() string { return lang.SystemLocale().LanguageString() }

// Run opens the sign-in window and returns when it is closed.
func Run(opts Options) error {
	a := app.NewWithID(AppID)
	theme := opts.Theme
	if theme == "" {
		theme = ThemeSystem // follows the system's light or dark setting
	}
	if err := ApplyTheme(a, theme); err != nil {
		return err
	}
	opts.Prefs = a.Preferences()
	w := a.NewWindow(t("app.title", "AA Logon"))
	c := NewController(w, opts)
	w.SetContent(c.Root)
	c.FocusFirst()
	w.Resize(windowSize())
	if c.kiosk != nil {
		lockDown(a, w, c)
	}
	w.CenterOnScreen()
	w.ShowAndRun()
	c.Close()
	return nil
}

// ParseShortcut reads a key combination such as "Ctrl+Shift+Q" or
// "Ctrl+Alt+F12". Empty: Ctrl+Shift+Q.
func ParseShortcut(s string) (*desktop.CustomShortcut, error) {
	if s == "" {
		s = "Ctrl+Shift+Q"
	}
	sc := &desktop.CustomShortcut{}
	parts := strings.Split(s, "+")
	for _, p := range parts[:len(parts)-1] {
		switch strings.ToLower(strings.TrimSpace(p)) {
		case "ctrl", "control":
			sc.Modifier |= fyne.KeyModifierControl
		case "shift":
			sc.Modifier |= fyne.KeyModifierShift
		case "alt":
			sc.Modifier |= fyne.KeyModifierAlt
		case "super", "win", "cmd":
			sc.Modifier |= fyne.KeyModifierSuper
		default:
			return nil, fmt.Errorf("ui: %q: unknown modifier %q (Ctrl, Shift, Alt, Super)", s, p)
		}
	}
	key := strings.TrimSpace(parts[len(parts)-1])
	if len(key) == 1 {
		key = strings.ToUpper(key)
	}
	if key == "" || sc.Modifier == 0 {
		return nil, fmt.Errorf("ui: %q: an exit combination needs a modifier and a key", s)
	}
	sc.KeyName = fyne.KeyName(key)
	return sc, nil
}
