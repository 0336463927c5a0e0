package assemble_test

import (
	"errors"
	"slices"
	"testing"

	"aalogon/device/assemble"
)

// linesOneWide is a sensor of one pixel per line whose speed search only
// ever looks one line ahead: every offset is 1.
func linesOneWide(resolution, maxHeight int) assemble.LineConfig {
	return assemble.LineConfig{
		Width: 1, MaxHeight: maxHeight, Resolution: resolution,
		MedianFilterSize: 1, MaxSearchOffset: 1,
		Deviation: func(a, b []byte) int { return 0 },
		Pixel:     func(line []byte, x int) byte { return line[x] },
	}
}

func TestAssembleLinesInterpolatesInFixedPoint(t *testing.T) {
	cases := []struct {
		name       string
		resolution int
		lines      [][]byte
		want       []byte // top to bottom: the last line sent is on top
	}{
		// Two output lines per input line, halfway values exact.
		{"resolution 2", 2, [][]byte{{0}, {100}, {200}}, []byte{150, 100, 50, 0}},
		// 33.3 and 66.7 truncate, as libfprint's integer division does.
		{"resolution 3 truncates", 3, [][]byte{{0}, {100}}, []byte{66, 33, 0}},
		// One output line per input line: the lines themselves, but the
		// last one, which only ever ends an interval.
		{"resolution 1", 1, [][]byte{{10}, {20}, {30}, {40}}, []byte{30, 20, 10}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img, err := assemble.AssembleLines(linesOneWide(tc.resolution, 100), tc.lines)
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Dy(); got != len(tc.want) {
				t.Fatalf("height = %d, want %d", got, len(tc.want))
			}
			if !slices.Equal(img.Pix, tc.want) {
				t.Errorf("pixels = %v, want %v", img.Pix, tc.want)
			}
		})
	}
}

func TestAssembleLinesStopsAtMaxHeight(t *testing.T) {
	lines := [][]byte{{0}, {100}, {200}}
	img, err := assemble.AssembleLines(linesOneWide(2, 3), lines)
	if err != nil {
		t.Fatal(err)
	}
	// Uncapped this is 150, 100, 50, 0 (see above): the cap drops the end
	// of the swipe, which is the top of the image.
	if want := []byte{100, 50, 0}; !slices.Equal(img.Pix, want) {
		t.Errorf("pixels = %v, want %v", img.Pix, want)
	}
}

// TestAssembleLinesFollowsTheSwipeSpeed: a finger drawn at half the speed
// is seen twice per line of skin, so the search finds the match two lines
// ahead and the assembly keeps half as many output lines per input line.
func TestAssembleLinesFollowsTheSwipeSpeed(t *testing.T) {
	// A line is {pixel, first row's id, second row's id}; the second row
	// sees what the first row sees two lines later.
	const n = 40
	lines := make([][]byte, n)
	for i := range lines {
		lines[i] = []byte{byte(i * 5), byte(i), byte(i + 2)}
	}
	c := assemble.LineConfig{
		Width: 1, MaxHeight: 1000, Resolution: 4, MedianFilterSize: 5, MaxSearchOffset: 6,
		Deviation: func(a, b []byte) int { d := int(a[2]) - int(b[1]); return d * d },
		Pixel:     func(line []byte, x int) byte { return line[0] },
	}
	img, err := assemble.AssembleLines(c, lines)
	if err != nil {
		t.Fatal(err)
	}
	// 38 intervals of Resolution/offset = 2 output lines each; the last
	// pair has only one line ahead to search, offset 1, and libfprint's
	// median filter leaves the last offset alone: 4 lines.
	if got, want := img.Bounds().Dy(), 2*(n-2)+4; got != want {
		t.Fatalf("height = %d, want %d", got, want)
	}
	// Bottom line is the first line sent; the next is halfway to the second.
	h := img.Bounds().Dy()
	if got := []byte{img.Pix[h-1], img.Pix[h-2], img.Pix[h-3]}; !slices.Equal(got, []byte{0, 2, 5}) {
		t.Errorf("first output lines = %v, want [0 2 5]", got)
	}
}

// TestAssembleLinesMedianSmoothsASpeedGlitch: one line pair whose best
// match is far ahead (a smudge) does not stretch the image, because the
// median of its neighbours' speeds replaces it.
func TestAssembleLinesMedianSmoothsASpeedGlitch(t *testing.T) {
	const n = 40
	lines := make([][]byte, n)
	for i := range lines {
		lines[i] = []byte{byte(i), byte(i), byte(i + 1)}
	}
	lines[20][2] = 25 // line 20's second row looks like line 25's first
	c := assemble.LineConfig{
		Width: 1, MaxHeight: 1000, Resolution: 2, MedianFilterSize: 5, MaxSearchOffset: 6,
		Deviation: func(a, b []byte) int { d := int(a[2]) - int(b[1]); return d * d },
		Pixel:     func(line []byte, x int) byte { return line[0] },
	}
	img, err := assemble.AssembleLines(c, lines)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := img.Bounds().Dy(), 2*(n-1); got != want {
		t.Errorf("height = %d, want %d: the glitch changed the speed", got, want)
	}
}

func TestAssembleLinesNeedsTwoLines(t *testing.T) {
	for _, lines := range [][][]byte{nil, {{1}}} {
		if _, err := assemble.AssembleLines(linesOneWide(2, 10), lines); !errors.Is(err, assemble.ErrTooFewLines) {
			t.Errorf("%d lines: err = %v, want ErrTooFewLines", len(lines), err)
		}
	}
}
