package uru4000

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"math/bits"
)

var errBadHeader = errors.New("uru4000: bad image header")

// Block flags of the image header (readers.md §2.6).
const (
	blockChangeKey   = 0x80
	blockNoKeyUpdate = 0x04
	blockScrambled   = 0x02
	blockNotPresent  = 0x01
	blocks           = 15
)

// KeyExchange writes a key number and seed to the reader and returns the
// initial keystream state.
type KeyExchange func(keyNum uint8, seed uint32) (uint32, error)

// Decode turns one image transfer into the 384x290 grey image: header
// check, scramble detection, descrambling with the reader's keystream,
// assembly, rotation and inversion (readers.md §2.6–2.9). seed is the
// capture's seed; draw gives the seeds of re-keys.
func Decode(raw []byte, rotate bool, seed uint32, draw func() uint32, exchange KeyExchange) (*image.Gray, error) {
	buf := make([]byte, imageBytes)
	copy(buf, raw)
	h := int(binary.LittleEndian.Uint16(buf[4:6]))
	if h >= Height || len(raw) < imageHeader+Width*h {
		return nil, fmt.Errorf("%w: %d lines announced, %d bytes received", errBadHeader, h, len(raw))
	}
	keyNum := buf[6]
	var table [blocks][2]byte
	for b := range table {
		table[b] = [2]byte{buf[16+2*b], buf[17+2*b]}
	}
	data := buf[imageHeader:]

	if scrambled(data, &table) {
		k, err := exchange(keyNum, seed)
		if err != nil {
			return nil, err
		}
	walk:
		for b, d := 0, 0; b < blocks && d < h; {
			f, l := table[b][0], int(table[b][1])
			if l == 0 {
				break
			}
			if f&blockChangeKey != 0 {
				table[b][0] &^= blockChangeKey
				keyNum++
				seed = draw()
				if !scrambled(data, &table) {
					break walk
				}
				if k, err = exchange(keyNum, seed); err != nil {
					return nil, err
				}
				continue
			}
			n := Width * l
			region := data[min(Width*d, len(data)):min(Width*d+n, len(data))]
			switch f & (blockNoKeyUpdate | blockScrambled) {
			case blockScrambled:
				k = descramble(region, n, k)
			case 0:
				for range n {
					k = step(k)
				}
			}
			if f&blockNotPresent == 0 {
				d += l
			}
			b++
		}
	}

	img := image.NewGray(image.Rect(0, 0, Width, Height))
	for b, r, o := 0, 0, 0; b < blocks && r < h; b++ {
		f, l := table[b][0], int(table[b][1])
		if l == 0 {
			break
		}
		for i := 0; i < l; i++ {
			if o+i < Height && r+i < Height {
				copy(img.Pix[(o+i)*Width:(o+i+1)*Width], data[(r+i)*Width:(r+i+1)*Width])
			}
		}
		if f&blockNotPresent == 0 {
			r += l
		}
		o += l
	}
	if rotate {
		p := img.Pix
		for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
			p[i], p[j] = p[j], p[i]
		}
	}
	for i, v := range img.Pix {
		img.Pix[i] = 255 - v
	}
	return img, nil
}

// scrambled reports whether the first two data rows look scrambled
// (readers.md §2.7).
func scrambled(data []byte, table *[blocks][2]byte) bool {
	present := 0
	for _, e := range table {
		if e[0]&blockNotPresent == 0 {
			present += int(e[1])
		}
	}
	if present < 2 {
		return false
	}
	var s [Width]int64
	var sum int64
	for i := range s {
		s[i] = int64(data[i]) + int64(data[Width+i])
		sum += s[i]
	}
	m := sum / Width
	var dev int64
	for _, v := range s {
		dev += (v - m) * (v - m)
	}
	return dev/Width >= 5000
}

// descramble decodes a scrambled block in place: out[i] = raw[i+1] XOR
// keystream, the last byte 0, the keystream advanced n steps (§2.8).
func descramble(region []byte, n int, k uint32) uint32 {
	for i := 0; i < n-1; i++ {
		var next byte
		if i+1 < len(region) {
			next = region[i+1]
		}
		if i < len(region) {
			region[i] = next ^ keystream(k)
		}
		k = step(k)
	}
	if n-1 < len(region) {
		region[n-1] = 0
	}
	return step(k)
}

// step advances the keystream LFSR one step (taps 0x9248144D).
func step(k uint32) uint32 {
	fb := uint32(bits.OnesCount32(k&0x9248144D) & 1)
	return k>>1 | fb<<31
}

// keystream returns the keystream byte of state k: bit j is bit P[j] of k.
func keystream(k uint32) byte {
	return byte(k>>4&1 | k>>8&1<<1 | k>>11&1<<2 | k>>14&1<<3 | k>>18&1<<4 | k>>21&1<<5 | k>>24&1<<6 | k>>29&1<<7)
}

// EmulationRand returns the seed generator libfprint uses in emulation mode
// (GLib's GRand: MT19937 seeded with 0xFACADE), so that its recordings
// replay exactly (readers.md §2.8).
func EmulationRand() func() uint32 {
	var mt [624]uint32
	mt[0] = 0xFACADE
	for i := 1; i < len(mt); i++ {
		mt[i] = 1812433253*(mt[i-1]^mt[i-1]>>30) + uint32(i)
	}
	idx := len(mt)
	next := func() uint32 {
		if idx >= len(mt) {
			for i := range mt {
				y := mt[i]&0x80000000 | mt[(i+1)%len(mt)]&0x7fffffff
				v := mt[(i+397)%len(mt)] ^ y>>1
				if y&1 != 0 {
					v ^= 0x9908b0df
				}
				mt[i] = v
			}
			idx = 0
		}
		y := mt[idx]
		idx++
		y ^= y >> 11
		y ^= y << 7 & 0x9d2c5680
		y ^= y << 15 & 0xefc60000
		y ^= y >> 18
		return y
	}
	return func() uint32 {
		u := next()
		for u > 0xFFFFFFFD {
			u = next()
		}
		return u % 0x7FFFFFFF
	}
}
