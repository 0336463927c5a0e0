package elan

import (
	"encoding/binary"
	"fmt"
	"slices"

	"aalogon/device"
)

// geometry is a sensor's frame size as the driver uses it.
type geometry struct {
	width     int // columns of a frame
	height    int // rows of a frame kept for the assembly
	rawHeight int // rows the sensor sends
	rotated   bool
}

// maxFrameHeight crops taller frames to their centre: the assembly
// stitches short frames better.
const maxFrameHeight = 50

// geometryOf reads the sensor-dimensions reply: byte 0 is the raw frame's
// height and byte 2 its width on turned sensors, the other way round on
// the 0c03. Odd sizes on both sides are zero-based and get one added.
func geometryOf(reply []byte, q quirk) (geometry, error) {
	g := geometry{width: int(reply[2]), rawHeight: int(reply[0]), rotated: q&quirkNotRotated == 0}
	if !g.rotated {
		g.width, g.rawHeight = int(reply[0]), int(reply[2])
	}
	if g.width%2 == 1 && g.rawHeight%2 == 1 {
		g.width, g.rawHeight = (g.width+1)&0xff, (g.rawHeight+1)&0xff
	}
	g.height = min(g.rawHeight, maxFrameHeight)
	if g.width <= 16 || g.height <= 2 {
		return geometry{}, fmt.Errorf("%w: sensor dimensions % x", device.ErrProtocol, reply)
	}
	return g, nil
}

// rawLen is the byte length of a raw frame: 16-bit pixels.
func (g geometry) rawLen() int { return g.width * g.rawHeight * 2 }

// frame picks the kept rows of a raw frame, turning it upright when the
// sensor is turned, as 14-bit values.
func (g geometry) frame(raw []byte) []uint16 {
	margin := (g.rawHeight - g.height) / 2
	out := make([]uint16, g.width*g.height)
	for y := range g.height {
		for x := range g.width {
			i := x + (y+margin)*g.width
			if g.rotated {
				i = margin + y + x*g.rawHeight
			}
			out[x+y*g.width] = binary.LittleEndian.Uint16(raw[2*i:])
		}
	}
	return out
}

// subtract removes the background from a frame; a pixel darker than the
// background becomes 0. A frame with nothing left is an error: the finger
// was probably on the sensor during calibration.
func subtract(f, bg []uint16) error {
	sum := uint32(0)
	for i, v := range f {
		if bg[i] > v {
			f[i] = 0
		} else {
			f[i] = v - bg[i]
		}
		sum += uint32(f[i])
	}
	if sum == 0 {
		return fmt.Errorf("%w: frame darker than the background (finger on the sensor while it calibrated?)", device.ErrProtocol)
	}
	return nil
}

// grey maps a background-free frame to 8 bits in three bands, as Elantech
// recommends: the darkest 30 % to 0…98, the next 35 % to 99…154, the
// brightest 35 % to 155…255 (libfprint's elan_process_frame_thirds,
// including its sort as signed 16-bit values and its integer rounding).
func grey(f []uint16) []byte {
	sorted := make([]int16, len(f))
	for i, v := range f {
		sorted[i] = int16(v)
	}
	slices.Sort(sorted)
	n := len(f)
	l0, l1, l2, l3 := int(uint16(sorted[0])), int(uint16(sorted[n*3/10])), int(uint16(sorted[n*65/100])), int(uint16(sorted[n-1]))
	out := make([]byte, n)
	for i, v := range f {
		px := int(v)
		switch {
		case l0 <= px && px < l1:
			px = (px - l0) * 99 / (l1 - l0)
		case l1 <= px && px < l2:
			px = 99 + (px-l1)*56/(l2-l1)
		case l3 == l2: // a flat top band: libfprint would divide by zero
			px = 155
		default:
			px = 155 + (px-l2)*100/(l3-l2)
		}
		out[i] = byte(uint16(px))
	}
	return out
}

// greyLinear maps a background-free frame to 8 bits linearly between its
// darkest and brightest pixel (libfprint's elan_process_frame_linear, used
// for the 0907).
func greyLinear(f []uint16) ([]byte, error) {
	lo, hi := slices.Min(f), slices.Max(f)
	if lo == hi {
		return nil, fmt.Errorf("%w: a flat frame", device.ErrProtocol)
	}
	out := make([]byte, len(f))
	for i, v := range f {
		out[i] = byte(uint16(int(v-lo) * 0xff / int(hi-lo)))
	}
	return out, nil
}
