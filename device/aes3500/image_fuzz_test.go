package aes3500_test

import (
	"bytes"
	"errors"
	"testing"

	"aalogon/device"
	"aalogon/device/aes3500"
)

// FuzzDecode: a transfer of the right size always gives the 256×256
// image, any other size ErrProtocol, never a panic; a transfer of dark
// (zero) pixels gives an all-white image, inverted as libfprint hands it on.
func FuzzDecode(f *testing.F) {
	const imageBytes = 0x2089
	f.Add(make([]byte, imageBytes), true)
	ramp := make([]byte, imageBytes)
	for i := range ramp {
		ramp[i] = byte(i * 7)
	}
	f.Add(ramp, false)
	f.Add(make([]byte, imageBytes-1), false)
	f.Add([]byte{0xff}, false)
	f.Fuzz(func(t *testing.T, raw []byte, pad bool) {
		if pad && len(raw) < imageBytes {
			raw = append(raw, make([]byte, imageBytes-len(raw))...)
		}
		img, err := aes3500.Decode(raw)
		if err != nil {
			if len(raw) == imageBytes || !errors.Is(err, device.ErrProtocol) {
				t.Fatalf("transfer of %d bytes: %v", len(raw), err)
			}
			return
		}
		if len(raw) != imageBytes {
			t.Fatalf("a transfer of %d bytes decoded", len(raw))
		}
		if img.Rect.Dx() != aes3500.Width || img.Rect.Dy() != aes3500.Height || len(img.Pix) != aes3500.Width*aes3500.Height {
			t.Fatalf("image of %v with %d pixels", img.Rect, len(img.Pix))
		}
		if bytes.Count(raw, []byte{0}) == len(raw) && bytes.Count(img.Pix, []byte{255}) != len(img.Pix) {
			t.Fatal("a transfer of dark pixels is not all white")
		}
	})
}
