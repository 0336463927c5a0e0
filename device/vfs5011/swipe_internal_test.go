package vfs5011

import "testing"

// swipeLine is a 240-byte line whose pixels alternate between lo and hi
// (a ridge pattern when they differ, a blank line when they are equal).
func swipeLine(lo, hi byte) []byte {
	line := make([]byte, lineSize)
	for x := range Width {
		if x%4 < 2 {
			line[lineHeader+x] = lo
		} else {
			line[lineHeader+x] = hi
		}
	}
	return line
}

func chunkOf(lines ...[]byte) []byte {
	var b []byte
	for _, l := range lines {
		b = append(b, l...)
	}
	return b
}

func repeat(line []byte, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = line
	}
	return out
}

func TestSwipeSkipsBlankLinesUntilTheFinger(t *testing.T) {
	var sw swipe
	if sw.add(chunkOf(repeat(swipeLine(100, 100), 200)...)) || sw.started() {
		t.Fatal("blank lines started or ended the swipe")
	}
	sw.add(swipeLine(40, 200))
	if !sw.started() || len(sw.kept) != 1 {
		t.Fatalf("started %v, kept %d; want the finger's first line kept", sw.started(), len(sw.kept))
	}
}

func TestSwipeKeepsOnlyLinesThatMoved(t *testing.T) {
	var sw swipe
	// The same skin seen three times, then different skin: two lines kept.
	sw.add(chunkOf(swipeLine(40, 200), swipeLine(40, 200), swipeLine(41, 199), swipeLine(200, 40)))
	if len(sw.kept) != 2 {
		t.Errorf("kept %d lines, want 2", len(sw.kept))
	}
}

func TestSwipeEndsAfterFiftyBlankLines(t *testing.T) {
	var sw swipe
	finger := [][]byte{swipeLine(40, 200), swipeLine(200, 40)}
	if sw.add(chunkOf(finger...)) {
		t.Fatal("ended while the finger is on")
	}
	if sw.add(chunkOf(repeat(swipeLine(90, 90), endEmptyLines-1)...)) {
		t.Fatal("ended after 49 blank lines")
	}
	if !sw.add(swipeLine(90, 90)) {
		t.Fatal("not ended after 50 blank lines")
	}
	// 2 finger lines: far too short for an image.
	if _, ok := sw.image(); ok {
		t.Error("a 2-line swipe gave an image")
	}
}

func TestSwipeOfEnoughLinesGivesAnImage(t *testing.T) {
	var sw swipe
	for i := range minLinesKept {
		if i%2 == 0 {
			sw.add(swipeLine(40, 200))
		} else {
			sw.add(swipeLine(200, 40))
		}
	}
	img, ok := sw.image()
	if !ok || img.Bounds().Dx() != Width || img.Bounds().Dy() == 0 {
		t.Fatalf("image() = %v, %v; want a %d-wide image", img, ok, Width)
	}
}
