package uru4000

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

var errFuzzExchange = errors.New("fuzz: key exchange failed")

// rawImage is an image transfer of lines rows, unscrambled, in one block
// of the given flags; pix fills the rows.
func rawImage(lines int, flags byte, pix []byte) []byte {
	raw := make([]byte, imageHeader+Width*lines)
	binary.LittleEndian.PutUint16(raw[4:6], uint16(lines))
	raw[16], raw[17] = flags, byte(lines)
	for i := imageHeader; i < len(raw) && len(pix) > 0; i++ {
		raw[i] = pix[i%len(pix)]
	}
	return raw
}

// FuzzDecode: any image transfer gives the 384×290 image or an error that
// is errBadHeader or the key exchange's own, never a panic; the transfer
// is left as it came, and the same transfer and keys give the same image.
func FuzzDecode(f *testing.F) {
	f.Add(rawImage(Height-1, 0, []byte{0x10, 0xf0, 0x40}), false, uint32(1), false)
	f.Add(rawImage(200, blockScrambled, []byte{0, 255, 7, 90, 3}), true, uint32(0xFACADE), false)
	f.Add(rawImage(120, blockScrambled|blockChangeKey, []byte{0, 255, 7, 90, 3}), false, uint32(5), true)
	f.Add(rawImage(40, blockNotPresent, []byte{1, 200}), true, uint32(9), false)
	f.Add(rawImage(Height, 0, nil), false, uint32(0), false)
	f.Add([]byte{0, 0, 0, 0, 0x20}, false, uint32(0), false)
	f.Fuzz(func(t *testing.T, raw []byte, rotate bool, seed uint32, failExchange bool) {
		decode := func() ([]byte, error) {
			next := seed
			draw := func() uint32 { next = next*1103515245 + 12345; return next }
			exchange := func(keyNum uint8, s uint32) (uint32, error) {
				if failExchange && keyNum%2 == 1 {
					return 0, errFuzzExchange
				}
				return s ^ uint32(keyNum)<<24 | 1, nil
			}
			img, err := Decode(raw, rotate, seed, draw, exchange)
			if err != nil {
				return nil, err
			}
			if img.Rect.Dx() != Width || img.Rect.Dy() != Height || len(img.Pix) != Width*Height {
				t.Fatalf("image of %v with %d pixels", img.Rect, len(img.Pix))
			}
			return img.Pix, nil
		}
		before := bytes.Clone(raw)
		pix, err := decode()
		if !bytes.Equal(raw, before) {
			t.Fatal("Decode changed the transfer it was given")
		}
		if err != nil {
			if !errors.Is(err, errBadHeader) && !errors.Is(err, errFuzzExchange) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		again, err := decode()
		if err != nil || !bytes.Equal(again, pix) {
			t.Fatalf("a second decode of the same transfer differs (%v)", err)
		}
	})
}
