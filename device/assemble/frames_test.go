package assemble_test

import (
	"bytes"
	"image"
	"math/rand/v2"
	"testing"

	"aalogon/device/assemble"
)

var layout = assemble.Layout{Width: 32, Height: 8, ImageWidth: 48}

// finger is a noisy test pattern: every shift of it is unlike every other.
func finger(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range g.Pix {
		g.Pix[i] = byte(r.IntN(256))
	}
	return g
}

// cut returns the frame whose top-left corner lies at (x, y) of src.
func cut(src *image.Gray, x, y int) assemble.Frame {
	pix := make([]byte, 0, layout.Width*layout.Height)
	for r := range layout.Height {
		pix = append(pix, src.Pix[(y+r)*src.Stride+x:][:layout.Width]...)
	}
	return assemble.Frame{Pix: pix}
}

func TestEstimateMovementFindsTheSwipe(t *testing.T) {
	src := finger(layout.ImageWidth, 64)
	steps := []struct{ dx, dy int }{{0, 0}, {0, 3}, {1, 4}, {-2, 2}, {0, 5}, {3, 3}}
	var frames []assemble.Frame
	x, y := 8, 0
	for _, s := range steps {
		x, y = x+s.dx, y+s.dy
		frames = append(frames, cut(src, x, y))
	}
	layout.EstimateMovement(frames)
	for i, s := range steps[1:] {
		if f := frames[i+1]; f.DX != s.dx || f.DY != s.dy {
			t.Errorf("frame %d moved (%d, %d), want (%d, %d)", i+1, f.DX, f.DY, s.dx, s.dy)
		}
	}
}

func TestAssembleRebuildsTheFingerTurned(t *testing.T) {
	src := finger(layout.ImageWidth, 40)
	var frames []assemble.Frame
	for y := 0; y+layout.Height <= 40; y += 4 {
		frames = append(frames, cut(src, 8, y))
	}
	layout.EstimateMovement(frames)
	a := layout.Assemble(frames)
	if a.Reversed {
		t.Fatal("a downward swipe reads as reversed")
	}
	if got := a.Gray.Rect.Size(); got != image.Pt(48, 40) {
		t.Fatalf("assembled %v, want 48x40", got)
	}
	for y := range 40 {
		got := a.Gray.Pix[y*48+8 : y*48+40]
		if want := src.Pix[y*48+8 : y*48+40]; !bytes.Equal(got, want) {
			t.Fatalf("row %d differs from the finger", y)
		}
		if a.Gray.Pix[y*48] != 0 || a.Gray.Pix[y*48+47] != 0 {
			t.Fatalf("row %d: the margins no frame reached are not 0", y)
		}
	}
	img := a.Image()
	// Turned 180° and inverted: the last pixel is the first, inverted.
	if got, want := img.Pix[len(img.Pix)-1-8], 255-src.Pix[8]; got != want {
		t.Errorf("normalised corner = %d, want %d", got, want)
	}
	if img.Pix[0] != 255 {
		t.Errorf("an empty margin normalises to %d, want 255 (white)", img.Pix[0])
	}
}

func TestAssembleReversedSwipeIsNotTurned(t *testing.T) {
	src := finger(layout.ImageWidth, 40)
	var frames []assemble.Frame
	for y := 32; y >= 0; y -= 4 {
		frames = append(frames, cut(src, 8, y))
	}
	layout.EstimateMovement(frames)
	a := layout.Assemble(frames)
	if !a.Reversed {
		t.Fatal("an upward swipe is not reversed")
	}
	img := a.Image()
	if got := img.Rect.Size(); got != image.Pt(48, 40) {
		t.Fatalf("image %v, want 48x40", got)
	}
	for y := range 40 {
		for x := 8; x < 40; x++ {
			if got, want := img.Pix[y*48+x], 255-src.Pix[y*48+x]; got != want {
				t.Fatalf("pixel (%d, %d) = %d, want %d", x, y, got, want)
			}
		}
	}
}

// libfprint runs the reverse direction last and re-runs the forward one
// only when it is strictly better: on a tie (here a blank sensor, error 0
// everywhere) the reverse estimate stands, (−8, −2) being the first shift
// it tries.
func TestEstimateMovementTieKeepsReverse(t *testing.T) {
	blank := make([]byte, layout.Width*layout.Height)
	frames := []assemble.Frame{{Pix: blank}, {Pix: blank}, {Pix: blank}}
	layout.EstimateMovement(frames)
	for i, f := range frames[1:] {
		if f.DX != -8 || f.DY != -2 {
			t.Errorf("frame %d moved (%d, %d), want libfprint's (-8, -2)", i+1, f.DX, f.DY)
		}
	}
	if a := layout.Assemble(frames); !a.Reversed || a.Gray.Rect.Dy() != 4+layout.Height {
		t.Errorf("assembled %v reversed %v, want reversed and 12 rows", a.Gray.Rect.Size(), a.Reversed)
	}
}

// Frames drifting sideways out of the image are clipped, not a panic.
func TestAssembleClipsFramesOutsideTheImage(t *testing.T) {
	pix := bytes.Repeat([]byte{7}, layout.Width*layout.Height)
	frames := []assemble.Frame{{Pix: pix}, {Pix: pix, DX: -30, DY: 2}, {Pix: pix, DX: 60, DY: 2}}
	a := layout.Assemble(frames)
	if got := a.Gray.Rect.Size(); got != image.Pt(48, 12) {
		t.Fatalf("assembled %v, want 48x12", got)
	}
	// Row 8: the second frame at x = 8−30 shows columns 0…9, the third at
	// x = −22+60 columns 38…47; nothing in between.
	row := a.Gray.Pix[8*48 : 9*48]
	for x, v := range row {
		want := byte(0)
		if x < 10 || x >= 38 {
			want = 7
		}
		if v != want {
			t.Fatalf("row 8 = % d, want 7 at 0…9 and 38…47 only", row)
		}
	}
}

// Frames that differ by the full grey range everywhere beat no shift: as in
// libfprint, the forward search then leaves a frame's offset alone and the
// reverse one only negates it, and the tie keeps the reverse result.
func TestEstimateMovementWithoutAnyMatchNegatesTheGivenOffset(t *testing.T) {
	black := make([]byte, layout.Width*layout.Height)
	white := bytes.Repeat([]byte{255}, len(black))
	frames := []assemble.Frame{{Pix: black}, {Pix: white, DX: 3, DY: 5}}
	layout.EstimateMovement(frames)
	if f := frames[1]; f.DX != -3 || f.DY != -5 {
		t.Errorf("offset (%d, %d), want libfprint's (-3, -5)", f.DX, f.DY)
	}
}
