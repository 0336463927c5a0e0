package drivertest_test

import (
	"fmt"
	"image"
	"path/filepath"
	"strings"
	"testing"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/internal/shared"
)

// errorsTB records what a check reports instead of failing the test.
type errorsTB struct {
	testing.TB
	got []string
}

func (e *errorsTB) Errorf(format string, args ...any) {
	e.got = append(e.got, fmt.Sprintf(format, args...))
}

// SameAsPNG names how many pixels differ and where the first one is, so
// that a broken replay can be looked at, not just counted.
func TestSameAsPNGNamesTheFirstDifferingPixel(t *testing.T) {
	pix, w, h, err := shared.GrayPNG(filepath.Join(drivertest.Dir(t, "nb1010"), "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	img := &image.Gray{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h)}
	s := &device.Sample{Image: img}
	e := &errorsTB{TB: t}
	drivertest.SameAsPNG(e, s, "nb1010")
	if len(e.got) != 0 {
		t.Fatalf("the PNG itself differs from itself: %v", e.got)
	}
	was := img.GrayAt(5, 3).Y
	img.Pix[3*w+5], img.Pix[7*w+9] = ^was, ^img.Pix[7*w+9]
	drivertest.SameAsPNG(e, s, "nb1010")
	want := fmt.Sprintf("2 of %d pixels differ from capture.png, the first at (5,3): %d, want %d", w*h, ^was, was)
	if len(e.got) != 1 || !strings.Contains(e.got[0], want) {
		t.Errorf("reported %q, want %q", e.got, want)
	}
}
