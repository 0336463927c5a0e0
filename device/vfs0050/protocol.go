// The VFS0050's exchanges, as libfprint's vfs0050.c runs them: draining an
// endpoint, clearing the image endpoint, and sending a control packet
// (light on, power off) with its commit. The packets' bytes (commands/,
// named as libfprint's arrays in vfs0050.h) come from the Windows driver's
// traffic and are sent unchanged; what the replies mean is not known
// beyond what is checked here.

package vfs0050

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

// Endpoints, sizes and timeouts (vfs0050.h).
const (
	epOut       = 0x01
	epReply     = 0x81
	epImage     = 0x82
	epInterrupt = 0x83

	returnCodeSize     = 2
	commitResponseSize = 1106
	interruptSize      = 5
	drainSize          = 65536 // VFS_USB_BUFFER_SIZE, also the image reads

	transferTimeout = 100 * time.Millisecond // VFS_USB_TIMEOUT
	drainTimeout    = 20 * time.Millisecond  // VFS_USB_ABORT_TIMEOUT
	// maxDrains bounds the reads of an endpoint that keeps sending.
	maxDrains = 100

	cmdClearImage = 0x04
)

var (
	//go:embed commands/turn_on.hex
	turnOnHex string
	//go:embed commands/turn_off.hex
	turnOffHex string
	//go:embed commands/commit_out.hex
	commitHex string
)

// packets are the control packets and the commit that follows each.
type packets struct {
	turnOn, turnOff, commit []byte
}

func decodePackets() (packets, error) {
	var p packets
	for _, c := range []struct {
		dst  *[]byte
		text string
	}{{&p.turnOn, turnOnHex}, {&p.turnOff, turnOffHex}, {&p.commit, commitHex}} {
		b, err := hex.DecodeString(strings.ReplaceAll(c.text, "\n", ""))
		if err != nil {
			return packets{}, fmt.Errorf("vfs0050: commands: %w", err)
		}
		*c.dst = b
	}
	return p, nil
}

// emptyInterrupt is what endpoint 0x83 says after a commit.
var emptyInterrupt = make([]byte, interruptSize)

// control sends a control packet: the packet, its 2-byte return code, the
// commit and its response, then the interrupt endpoint must say nothing
// and is drained. After any packet but turn-on the image endpoint is
// cleared too (libfprint: the Windows driver does not after turn-on).
func (r *Reader) control(ctx context.Context, packet []byte, clearAfter bool) error {
	if err := r.write(ctx, packet); err != nil {
		return err
	}
	if _, err := r.read(ctx, epReply, returnCodeSize); err != nil {
		return err
	}
	if err := r.write(ctx, r.packets.commit); err != nil {
		return err
	}
	if _, err := r.read(ctx, epReply, commitResponseSize); err != nil {
		return err
	}
	irq, err := r.read(ctx, epInterrupt, interruptSize)
	if err != nil {
		return err
	}
	if !bytes.Equal(irq, emptyInterrupt) {
		return fmt.Errorf("%w: interrupt % x after a commit, want none", device.ErrProtocol, irq)
	}
	if err := r.drain(ctx, epInterrupt); err != nil {
		return err
	}
	if clearAfter {
		return r.clearImage(ctx)
	}
	return nil
}

// clearImage tells the sensor to drop what it holds for the image
// endpoint, reads the return code and drains the endpoint.
func (r *Reader) clearImage(ctx context.Context) error {
	if err := r.write(ctx, []byte{cmdClearImage}); err != nil {
		return err
	}
	if _, err := r.read(ctx, epReply, returnCodeSize); err != nil {
		return err
	}
	return r.drain(ctx, epImage)
}

// drain reads ep until it has nothing more: a read that times out or
// brings no bytes.
func (r *Reader) drain(ctx context.Context, ep uint8) error {
	for range maxDrains {
		tctx, cancel := context.WithTimeout(ctx, drainTimeout)
		b, err := usb.Read(tctx, r.t, ep, drainSize)
		expired := tctx.Err() != nil && ctx.Err() == nil
		cancel()
		switch {
		case err != nil && expired:
			return nil
		case err != nil:
			return err
		case len(b) == 0:
			return nil
		}
		r.log.Debug("vfs0050: drained stale bytes", "endpoint", ep, "bytes", len(b))
	}
	return fmt.Errorf("%w: endpoint %#02x does not stop sending", device.ErrProtocol, ep)
}

func (r *Reader) write(ctx context.Context, b []byte) error {
	tctx, cancel := context.WithTimeout(ctx, transferTimeout)
	defer cancel()
	return usb.TimeoutOf(ctx, usb.Write(tctx, r.t, epOut, b))
}

// read reads exactly n bytes from ep: libfprint treats a short reply as an
// error.
func (r *Reader) read(ctx context.Context, ep uint8, n int) ([]byte, error) {
	tctx, cancel := context.WithTimeout(ctx, transferTimeout)
	defer cancel()
	b, err := usb.ReadExact(tctx, r.t, ep, n)
	return b, usb.TimeoutOf(ctx, err)
}
