package aes2501

import (
	"encoding/binary"
	"fmt"

	"aalogon/device"
)

// A strip transfer (stripLen bytes): one byte, then the 192×16 frame as
// 4-bit pixels, two rows per byte, column by column; then a histogram
// (0xde and sixteen 16-bit counts); then a register dump (0x80 and
// register, value pairs). Offsets from libfprint's capture_read_strip_cb.
const (
	stripPix       = 1
	stripHistogram = stripPix + frameWidth*frameHeight/2
	stripRegDump   = stripHistogram + 1 + 16*2 + 1 + 8

	histogramMark = 0xde
)

type strip struct {
	pix []byte // frameWidth × frameHeight, row-major, 0…255
	sum int    // histogram counts at or above the data-format threshold
}

// parseStrip decodes a strip transfer.
func parseStrip(b []byte) (strip, error) {
	dump := b[stripRegDump:]
	if dump[0] != firstDumpReg {
		return strip{}, fmt.Errorf("%w: strip without its register dump (% x)", device.ErrProtocol, dump[:2])
	}
	threshold := int(dump[(regDatFmt-firstDumpReg)*2+1] & 0x0f)
	h := b[stripHistogram:]
	if h[0] != histogramMark {
		return strip{}, fmt.Errorf("%w: strip without its histogram (% x)", device.ErrProtocol, h[:2])
	}
	sum := 0
	for i := threshold; i < 16; i++ {
		sum += int(binary.LittleEndian.Uint16(h[1+2*i:]))
	}
	pix := make([]byte, frameWidth*frameHeight)
	packed := b[stripPix:stripHistogram]
	for x := range frameWidth {
		for y := range frameHeight {
			v := packed[x*frameHeight/2+y/2]
			if y%2 == 1 {
				v >>= 4
			}
			pix[y*frameWidth+x] = (v & 0x0f) * 17
		}
	}
	return strip{pix: pix, sum: sum}, nil
}

// tuneADRefHi moves the A/D reference for the next strip: down when the
// strip was faint, up when it was saturated, within its bounds.
func tuneADRefHi(v byte, sum int) byte {
	switch {
	case sum < sumLow:
		v -= adRefHiStep
		if v < adRefHiMin {
			v = adRefHiMin
		}
	case sum > sumHigh:
		v += adRefHiStep
		if v > adRefHiMax {
			v = adRefHiMax
		}
	}
	return v
}
