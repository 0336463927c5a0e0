// Package aeslib holds what AuthenTec's USB sensors (AES3500, AES4000,
// AES2501 and their kin) share: register writes framed as (register,
// value) pairs on the bulk OUT endpoint, and images packed as 4-bit grey
// pixels, two rows to a byte, column by column. It is protocol framing and
// pixel decoding only; each sensor's driver owns its sequences.
//
// The facts come from libfprint's aeslib.c and aes3k.c (commit 3f70bde).
package aeslib

import (
	"context"
	"fmt"
	"time"

	"aalogon/device/usb"
)

// Endpoints every AuthenTec sensor of this family uses.
const (
	// EPOut takes register writes.
	EPOut = 0x02
	// EPIn sends images and register dumps.
	EPIn = 0x81
)

// WriteTimeout bounds one register-write transfer (libfprint: 4 s).
const WriteTimeout = 4 * time.Second

// maxPerTransfer is how many register writes one bulk transfer carries.
const maxPerTransfer = 16

// RegWrite sets register Reg to Value. The zero RegWrite is Flush.
type RegWrite struct {
	Reg, Value byte
}

// Flush in a sequence ends the current transfer: the writes before it go
// out before the writes after it are framed. Sensors need it where a
// register must take effect on its own (a reset, then its release).
var Flush = RegWrite{}

// Batches returns the bulk transfers that carry regs, in order: each is
// (register, value) byte pairs, at most 16 pairs, cut at every Flush.
// Flushes in a row, or at either end, add no empty transfer.
func Batches(regs []RegWrite) [][]byte {
	var out [][]byte
	var cur []byte
	for _, w := range regs {
		if w == Flush || len(cur) == 2*maxPerTransfer {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			if w == Flush {
				continue
			}
		}
		cur = append(cur, w.Reg, w.Value)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// WriteRegs writes regs to the sensor behind t, one transfer after
// another, each bounded by WriteTimeout and by ctx.
func WriteRegs(ctx context.Context, t usb.Transport, regs []RegWrite) error {
	for _, b := range Batches(regs) {
		tctx, cancel := context.WithTimeout(ctx, WriteTimeout)
		err := usb.Write(tctx, t, EPOut, b)
		cancel()
		if err != nil {
			return fmt.Errorf("aeslib: write registers from %#02x: %w", b[0], usb.TimeoutOf(ctx, err))
		}
	}
	return nil
}
