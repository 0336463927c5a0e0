// Package aes2501 drives the AuthenTec AES2500 and AES2501 swipe sensors
// over a usb.Transport, after libfprint's aes2501 driver: the host writes
// register groups on bulk endpoint 0x02 and reads histograms, register
// dumps and 192×16 strips on 0x81; device/assemble pastes the strips.
//
// A capture runs as sequential phases: activation (init_1…init_5, with a
// calibration poll), finger detection (one histogram per request), strips
// until three in a row are empty, assembly. The sensor has no power-down
// command: each detection or strip is a one-shot measurement, so leaving
// at any point sends nothing (libfprint's deactivation sends nothing either).
package aes2501

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"aalogon/device"
	"aalogon/device/assemble"
	"aalogon/device/usb"
)

// Models returns the USB products the driver claims (libfprint's
// id_table).
func Models() []device.Model {
	return []device.Model{
		{VID: 0x08ff, PID: 0x2500, Name: "AuthenTec AES2500"},
		{VID: 0x08ff, PID: 0x2580, Name: "AuthenTec AES2501"},
	}
}

// Driver declares the driver.
func Driver() device.Driver {
	return device.Driver{
		Name:         "aes2501",
		Models:       Models(),
		Presentation: device.Swipe,
		Open: func(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
			return Open(t, info, Options{Log: opts.Log})
		},
	}
}

// Protocol constants (libfprint drivers/aes2501.c).
const (
	epOut = 0x02
	epIn  = 0x81

	transferTimeout = 4 * time.Second

	detectionLen = 20   // finger-detection histogram
	regDumpLen   = 126  // register dump after ctrl2ReadRegs
	calibLen     = 159  // reply to a capture calibration pass
	stripLen     = 1705 // one strip: 0xe0?, 192×16 4-bit pixels, histogram, registers

	// fingerSum: a detection histogram whose nibbles (bytes 1…8) add up to
	// more than this means a finger is on the sensor.
	fingerSum = 20
	// emptyStrips in a row end the swipe.
	emptyStrips = 3
	// maxStrips bounds one swipe (libfprint's MAX_FRAMES): a finger left
	// on the sensor ends the capture instead of growing it without end.
	maxStrips = 150

	frameWidth  = 192
	frameHeight = 16
	// Width of the images: a frame and half a frame for sideways movement.
	Width = frameWidth + frameWidth/2
)

// DPI is the sensor's resolution: libfprint stores none (its documentation
// assumes 500 ppi for every image); AuthenTec rates the AES2501 at 500 ppi,
// which its 192 columns over 9.75 mm agree with.
const DPI = 500

// layout is the strip geometry for the frame assembly.
var layout = assemble.Layout{Width: frameWidth, Height: frameHeight, ImageWidth: Width}

// Options configure a Reader.
type Options struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
}

// Reader is an open AES2500 or AES2501.
type Reader struct {
	t       usb.Transport
	timeout time.Duration // per transfer
	log     *slog.Logger
	info    device.Info
}

// Open returns a reader for the device behind t; info names it, and its
// USB id must be one of Models().
func Open(t usb.Transport, info device.Info, opts Options) (*Reader, error) {
	if _, ok := Driver().Model(info.VID, info.PID); !ok {
		return nil, fmt.Errorf("aes2501: %s: %w", info.ID(), device.ErrUnsupported)
	}
	r := &Reader{t: t, log: opts.Log, info: info, timeout: transferTimeout}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	r.info = Driver().Describe(r.info, info.VID, info.PID)
	return r, nil
}

// Info implements device.Reader.
func (r *Reader) Info() device.Info { return r.info }

// Close releases the transport.
func (r *Reader) Close() error { return r.t.Close() }

// Capture implements device.Reader: it activates the sensor, waits for a
// finger, reads strips until the finger has left and assembles them.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (*device.Sample, error) {
	emit := func(k device.EventKind) { device.Notify(events, device.Event{Kind: k, Reader: r.info}) }
	if err := r.activate(ctx); err != nil {
		return nil, wrap("activate", err)
	}
	emit(device.WaitingForFinger)
	if err := r.awaitFinger(ctx); err != nil {
		return nil, wrap("wait for finger", err)
	}
	emit(device.FingerOn)
	emit(device.Capturing)
	frames, err := r.strips(ctx)
	if err != nil {
		return nil, wrap("capture", err)
	}
	emit(device.FingerOff)
	r.log.Debug("aes2501: swipe", "strips", len(frames))
	if len(frames) == 0 {
		return nil, wrap("capture", fmt.Errorf("%w: the finger left before the first strip", device.ErrProtocol))
	}
	layout.EstimateMovement(frames)
	img := layout.Assemble(frames).Image()
	return &device.Sample{Image: img, DPI: DPI, Reader: r.info}, nil
}

// activate writes the init groups and waits for the calibration mark in
// register 0xaf to clear.
func (r *Reader) activate(ctx context.Context) error {
	if err := r.write(ctx, init1); err != nil {
		return err
	}
	if _, err := r.read(ctx, detectionLen); err != nil {
		return err
	}
	if err := r.write(ctx, init2); err != nil {
		return err
	}
	for try := 1; ; try++ {
		if err := r.write(ctx, readRegs); err != nil {
			return err
		}
		regs, err := r.read(ctx, regDumpLen)
		if err != nil {
			return err
		}
		if regs[0x5f] != regReadyMark || try == calibrationTries {
			break
		}
		if err := r.write(ctx, init3); err != nil {
			return err
		}
	}
	if err := r.write(ctx, init4); err != nil {
		return err
	}
	return r.write(ctx, init5)
}

// awaitFinger requests detection histograms until one shows a finger.
func (r *Reader) awaitFinger(ctx context.Context) error {
	for {
		if err := r.write(ctx, fingerDetect); err != nil {
			return err
		}
		h, err := r.read(ctx, detectionLen)
		if err != nil {
			return err
		}
		sum := 0
		for _, b := range h[1:9] {
			sum += int(b&0x0f) + int(b>>4)
		}
		if sum > fingerSum {
			return nil
		}
	}
}

// strips runs the two calibration passes, then reads strips, tuning the
// A/D reference from each strip's histogram, until emptyStrips in a row
// come back empty.
func (r *Reader) strips(ctx context.Context) ([]assemble.Frame, error) {
	for _, pass := range [][]regWrite{capture1, capture2} {
		if err := r.write(ctx, pass); err != nil {
			return nil, err
		}
		if _, err := r.read(ctx, calibLen); err != nil {
			return nil, err
		}
	}
	var frames []assemble.Frame
	adRefHi := byte(adRefHiMax)
	for empty := 0; empty < emptyStrips && len(frames) < maxStrips; {
		if err := r.write(ctx, stripRequest(adRefHi)); err != nil {
			return nil, err
		}
		b, err := r.read(ctx, stripLen)
		if err != nil {
			return nil, err
		}
		s, err := parseStrip(b)
		if err != nil {
			return nil, err
		}
		adRefHi = tuneADRefHi(adRefHi, s.sum)
		if s.sum == 0 {
			empty++
			continue
		}
		empty = 0
		frames = append(frames, assemble.Frame{Pix: s.pix})
	}
	return frames, nil
}

// write sends register writes in aeslib's bulk groups.
func (r *Reader) write(ctx context.Context, writes []regWrite) error {
	for _, b := range transfers(writes) {
		tctx, cancel := context.WithTimeout(ctx, r.timeout)
		err := usb.Write(tctx, r.t, epOut, b)
		cancel()
		if err := usb.TimeoutOf(ctx, err); err != nil {
			return err
		}
	}
	return nil
}

// read reads exactly n bytes from the data endpoint.
func (r *Reader) read(ctx context.Context, n int) ([]byte, error) {
	tctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	b, err := usb.ReadExact(tctx, r.t, epIn, n)
	return b, usb.TimeoutOf(ctx, err)
}

func wrap(phase string, err error) error { return device.Wrap("aes2501", phase, err) }

var _ device.Reader = (*Reader)(nil)
