// Package vfs0050 drives the Validity VFS0050 swipe sensor (libfprint's
// vfs0050.c) over a usb.Transport.
//
// A capture runs as sequential phases: power up (drain the endpoints, clear
// the image endpoint, power off, then light on), wait for the interrupt
// that says a finger is on, read the image stream until the sensor stops
// sending, then power down (clear the image endpoint, power off), however
// Capture ends. The stream is 148-byte lines, assembled into an image by
// device/assemble.
package vfs0050

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

// USB id of the reader.
const (
	VID = 0x138a
	PID = 0x0050
)

// Name is the model's name.
const Name = "Validity VFS0050"

// Driver declares the driver.
func Driver() device.Driver {
	return device.Driver{
		Name:         "vfs0050",
		Models:       []device.Model{{VID: VID, PID: PID, Name: Name}},
		Presentation: device.Swipe,
		Open: func(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
			return Open(t, info.VID, info.PID, Options{Log: opts.Log, Info: info})
		},
	}
}

// DPI is the resolution images are taken at: libfprint sets no resolution
// for this sensor and assumes 500 ppi for its images (fp_image_get_ppmm in
// fp-image.c); Validity publishes none that we could check.
const DPI = 500

const (
	// powerDownTimeout bounds the power-down that runs after a cancel.
	powerDownTimeout = 2 * time.Second
	// maxStream bounds the image stream; the image keeps 3000 lines.
	maxStream = 16 << 20
)

// The interrupts that say a finger is on (vfs0050.h interrupt1–3); one
// whose first byte is 01 says it was on before the light came on.
var fingerInterrupts = [][]byte{
	{0x02, 0x00, 0x0e, 0x00, 0xf0},
	{0x02, 0x04, 0x0a, 0x00, 0xf0},
	{0x02, 0x00, 0x0a, 0x00, 0xf0},
}

// Options configure a Reader.
type Options struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
	// Info is reported by Info; Open fills the driver fields.
	Info device.Info
}

// Reader is an open VFS0050.
type Reader struct {
	t       usb.Transport
	log     *slog.Logger
	info    device.Info
	packets packets
}

// Open returns a reader for the device behind t. It sends nothing.
func Open(t usb.Transport, vid, pid uint16, opts Options) (*Reader, error) {
	if vid != VID || pid != PID {
		return nil, fmt.Errorf("vfs0050: %04x:%04x: %w", vid, pid, device.ErrUnsupported)
	}
	p, err := decodePackets()
	if err != nil {
		return nil, err
	}
	r := &Reader{t: t, log: opts.Log, info: opts.Info, packets: p}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	r.info = Driver().Describe(r.info, vid, pid)
	return r, nil
}

// Info implements device.Reader.
func (r *Reader) Info() device.Info { return r.info }

// Close releases the transport.
func (r *Reader) Close() error { return r.t.Close() }

// Capture implements device.Reader: power up, light on, wait for the
// finger, read the swipe, power down. A swipe too short to use is followed
// by another wait with the light on.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (s *device.Sample, err error) {
	emit := func(k device.EventKind) { device.Notify(events, device.Event{Kind: k, Reader: r.info}) }
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), powerDownTimeout)
		defer cancel()
		if perr := r.powerDown(dctx); err == nil && perr != nil {
			s, err = nil, wrap("power down", perr)
		}
	}()
	if err := r.powerUp(ctx); err != nil {
		return nil, wrap("power up", err)
	}
	for {
		if err := r.control(ctx, r.packets.turnOn, false); err != nil {
			return nil, wrap("light on", err)
		}
		emit(device.WaitingForFinger)
		if err := r.awaitFinger(ctx); err != nil {
			return nil, wrap("wait for finger", err)
		}
		emit(device.FingerOn)
		emit(device.Capturing)
		stream, err := r.readStream(ctx)
		if err != nil {
			return nil, wrap("swipe", err)
		}
		emit(device.FingerOff)
		if img, ok := swipeImage(stream); ok {
			return &device.Sample{Image: img, DPI: DPI, Reader: r.info}, nil
		}
		r.log.Info("vfs0050: swipe too short, waiting for another", "lines", len(stream)/lineSize)
	}
}

// powerUp drains every endpoint of what an earlier session left, clears
// the image endpoint and powers the sensor off, to start from a known state.
func (r *Reader) powerUp(ctx context.Context) error {
	for _, ep := range []uint8{epReply, epImage, epInterrupt} {
		if err := r.drain(ctx, ep); err != nil {
			return err
		}
	}
	if err := r.clearImage(ctx); err != nil {
		return err
	}
	return r.control(ctx, r.packets.turnOff, true)
}

// powerDown clears the image endpoint and powers the sensor off.
func (r *Reader) powerDown(ctx context.Context) error {
	if err := r.clearImage(ctx); err != nil {
		return err
	}
	return r.control(ctx, r.packets.turnOff, true)
}

// awaitFinger waits, as long as ctx allows, for the interrupt that says a
// finger is on.
func (r *Reader) awaitFinger(ctx context.Context) error {
	irq, err := usb.ReadExact(ctx, r.t, epInterrupt, interruptSize)
	if err != nil {
		return err
	}
	for _, f := range fingerInterrupts {
		if bytes.Equal(irq, f) {
			return nil
		}
	}
	if irq[0] == 0x01 {
		r.log.Info("vfs0050: the finger was on the sensor before the light came on")
		return nil
	}
	return fmt.Errorf("%w: unknown interrupt % x", device.ErrProtocol, irq)
}

// readStream reads the image endpoint until the sensor stops sending: a
// read that brings nothing, or none within the transfer timeout.
func (r *Reader) readStream(ctx context.Context) ([]byte, error) {
	var stream []byte
	for {
		tctx, cancel := context.WithTimeout(ctx, transferTimeout)
		b, err := usb.Read(tctx, r.t, epImage, drainSize)
		expired := tctx.Err() != nil && ctx.Err() == nil
		cancel()
		switch {
		case err != nil && expired:
			return stream, nil
		case err != nil:
			return nil, err
		case len(b) == 0:
			return stream, nil
		case len(stream)+len(b) > maxStream:
			return nil, fmt.Errorf("%w: the image stream does not end", device.ErrProtocol)
		}
		stream = append(stream, b...)
	}
}

func wrap(phase string, err error) error { return device.Wrap("vfs0050", phase, err) }

var _ device.Reader = (*Reader)(nil)
