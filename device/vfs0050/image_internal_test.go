package vfs0050

import "testing"

// streamLine is a 148-byte line with the given noise figures and a ridge
// pattern in its pixels and centre stripe.
func streamLine(noise1, noise2 byte, i int) []byte {
	line := make([]byte, lineSize)
	line[0], line[1], line[4], line[5] = 0x01, 0xfe, noise1, noise2
	for x := range Width + stripeWidth {
		line[pixelsAt+x] = byte((x + i) * 37)
	}
	return line
}

func TestSwipeImageCutsTrailingNoise(t *testing.T) {
	var stream []byte
	for i := range 300 {
		stream = append(stream, streamLine(0x00, 0xff, i)...) // figures outside 41–215: a finger
	}
	whole, ok := swipeImage(stream)
	if !ok {
		t.Fatal("300 lines gave no image")
	}
	for i := range 50 {
		stream = append(stream, streamLine(128, 128, i)...) // water on the sensor
	}
	// A partial line at the end is ignored.
	stream = append(stream, 1, 2, 3)
	cut, ok := swipeImage(stream)
	if !ok {
		t.Fatal("no image with trailing noise")
	}
	if cut.Bounds() != whole.Bounds() {
		t.Errorf("image with trailing noise is %v, without %v", cut.Bounds(), whole.Bounds())
	}
}

func TestSwipeImageTooShort(t *testing.T) {
	var stream []byte
	for i := range minHeight - 1 {
		stream = append(stream, streamLine(0, 0xff, i)...)
	}
	// Noise is cut first: 99 finger lines and 50 noise lines are too short.
	for i := range 50 {
		stream = append(stream, streamLine(100, 100, i)...)
	}
	if _, ok := swipeImage(stream); ok {
		t.Error("99 lines gave an image")
	}
}

func TestIsNoiseBounds(t *testing.T) {
	cases := []struct {
		a, b byte
		want bool
	}{
		{41, 215, true}, {40, 100, false}, {100, 216, false}, {128, 128, true}, {0, 0, false},
	}
	for _, tc := range cases {
		line := streamLine(tc.a, tc.b, 0)
		if got := isNoise(line); got != tc.want {
			t.Errorf("isNoise(%d, %d) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
