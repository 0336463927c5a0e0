package ui_test

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/ui"
)

// A picture of every screen of the window, and goldens that catch an
// unintended change to any of them. Each screen (screens_scenes_test.go) is
// reached as a person reaches it: the real controller against the
// simulator, in English and in German. Its Fyne markup, in the light
// theme, is compared with testdata/screens/<screen>-<lang>.xml; with
// AALOGON_SHOTS=<dir> set, <dir>/<screen>-<theme>-<lang>.png is written in
// every theme as well (make gui-test).

// regenerateScreens is the one command that rewrites the goldens after an
// intended change of a screen.
const regenerateScreens = "CGO_ENABLED=0 go test -tags ci,nousb ./ui -run TestScreens -update"

const screensDir = "testdata/screens"

var (
	screenLanguages = []string{"en", "de"}
	shotThemes      = []string{ui.ThemeLight, ui.ThemeDark, ui.ThemeHighContrast}
	// screensAt is the simulator's clock: the signed-in screen says
	// "Since 1 Dec 2026, 09:30" on every machine.
	screensAt = time.Date(2026, time.December, 1, 9, 30, 0, 0, time.UTC)
)

// scene is one screen and the way to it.
type scene struct {
	name string
	// setup changes the simulator's directory and faults, and the
	// window's options; nil: the demo directory and no options.
	setup func(cfg *aasim.Config, opts *ui.Options)
	// finger is the logon's fingerprint source; nil: the harness's
	// touchable demo reader.
	finger func(h *harness, user string) flow.FingerprintSource
	// reach walks the window to the screen and waits until it shows.
	reach func(h *harness)
}

func TestScreens(t *testing.T) {
	shots := os.Getenv("AALOGON_SHOTS")
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, sc := range screens {
		for _, lang := range screenLanguages {
			t.Run(sc.name+"/"+lang, func(t *testing.T) {
				h := sc.open(t, lang)
				h.ui(func() {
					fitWindow(h)
					checkScreenGolden(t, sc.name+"-"+lang+".xml", test.RenderToMarkup(h.w.Canvas()))
					if shots != "" {
						writeShots(t, h, filepath.Join(shots, sc.name), lang)
					}
				})
			})
		}
	}
	t.Run("no stale goldens", checkNoStaleGoldens)
}

// open starts the window for sc in lang, against a simulator whose clock
// stands still, in the light theme, and walks it to sc's screen.
func (sc scene) open(t *testing.T, lang string) *harness {
	t.Helper()
	inLanguage(t, lang)
	cfg := aasim.Config{Data: aasim.DefaultData(), Now: func() time.Time { return screensAt }}
	var opts ui.Options
	if sc.setup != nil {
		sc.setup(&cfg, &opts)
	}
	opts.Server = "aa.example.com"
	var h *harness
	if sc.finger != nil {
		opts.Fingerprint = func(user string) flow.FingerprintSource { return sc.finger(h, user) }
	}
	h = newHarness(t, cfg, opts)
	h.client.SetLanguage(lang) // the server's messages in the window's language, as the product asks
	h.ui(func() {
		if err := ui.ApplyTheme(fyne.CurrentApp(), ui.ThemeLight); err != nil {
			t.Fatal(err)
		}
		h.c.FocusFirst()
	})
	sc.reach(h)
	return h
}

// fitWindow sizes the window as the real one: 460×360 as ui.Run opens it,
// grown to what the screen needs. UI thread.
func fitWindow(h *harness) {
	need := h.w.Content().MinSize().Add(fyne.NewSquareSize(2 * theme.Padding()))
	h.w.Resize(fyne.NewSize(460, 360).Max(need))
}

// writeShots writes the screen on show in every theme to base-<theme>-<lang>.png.
// UI thread.
func writeShots(t *testing.T, h *harness, base, lang string) {
	t.Helper()
	for _, name := range shotThemes {
		if err := ui.ApplyTheme(fyne.CurrentApp(), name); err != nil {
			t.Fatal(err)
		}
		fitWindow(h)
		f, err := os.Create(fmt.Sprintf("%s-%s-%s.png", base, name, lang))
		if err != nil {
			t.Fatal(err)
		}
		err = png.Encode(f, h.w.Canvas().Capture())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// checkScreenGolden compares a screen's markup with its golden, or
// rewrites the golden under -update.
func checkScreenGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(screensDir, name)
	if *update {
		if err := os.MkdirAll(screensDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("no golden for this screen (%v): write it with\n\t%s", err, regenerateScreens)
		return
	}
	if string(want) == got {
		return
	}
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	n := 0
	for n < len(gotLines) && n < len(wantLines) && gotLines[n] == wantLines[n] {
		n++
	}
	line := func(ls []string) string {
		if n < len(ls) {
			return strings.TrimSpace(ls[n])
		}
		return "(end)"
	}
	t.Errorf("the screen differs from %s from line %d:\n got: %s\nwant: %s\n"+
		"Look at the screen (AALOGON_SHOTS=dir writes its pictures); if the change is intended, rewrite the goldens:\n\t%s",
		path, n+1, line(gotLines), line(wantLines), regenerateScreens)
}

// checkNoStaleGoldens: every golden belongs to a screen of the list; -update
// removes the others.
func checkNoStaleGoldens(t *testing.T) {
	var want []string
	for _, sc := range screens {
		for _, lang := range screenLanguages {
			want = append(want, sc.name+"-"+lang+".xml")
		}
	}
	files, _ := filepath.Glob(filepath.Join(screensDir, "*.xml"))
	for _, f := range files {
		if slices.Contains(want, filepath.Base(f)) {
			continue
		}
		if *update {
			if err := os.Remove(f); err != nil {
				t.Error(err)
			}
			continue
		}
		t.Errorf("%s is the golden of no screen: remove it with\n\t%s", f, regenerateScreens)
	}
}
