// Package elan drives the ELAN (ElanTech) swipe sensors built into laptop
// touchpads and palm rests, over a usb.Transport, after libfprint's elan
// driver: two-byte commands on bulk endpoint 0x01, short replies on 0x83,
// raw 16-bit frames on 0x82.
//
// A capture runs as sequential phases: activation (firmware version, sensor
// size), calibration (a background frame, and the sensor's own calibration
// when its mean drifted), then frames while the sensor reports a finger,
// assembled by device/assemble. Every exit after activation switches the
// sensor's LED off and stops its finger wait (the stop command), as
// libfprint does after each capture.
package elan

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"time"

	"aalogon/device"
	"aalogon/device/assemble"
	"aalogon/device/usb"
)

// Driver declares the driver.
func Driver() device.Driver {
	return device.Driver{
		Name:         "elan",
		Models:       Models(),
		Presentation: device.Swipe,
		Open: func(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
			return Open(t, info, Options{Log: opts.Log, Replay: opts.Replay})
		},
	}
}

// Protocol constants (libfprint drivers/elan.h).
const (
	epCommand = 0x01
	epReply   = 0x83
	epImage   = 0x82

	commandTimeout = 10 * time.Second
	// fingerTimeout: once frames come, a finger check unanswered this long
	// means the finger has left.
	fingerTimeout = 200 * time.Millisecond
	stopTimeout   = 2 * time.Second

	fingerPresent = 0x55

	// minCalibrationFirmware is the first firmware with self-calibration.
	minCalibrationFirmware = 0x0138
	// calibrationMaxDelta: a background mean this far from the sensor's
	// calibration mean calls for a calibration.
	calibrationMaxDelta = 500
	calibrationAttempts = 10
	calibrationPoll     = 50 * time.Millisecond
	calibrationRetry    = 0x01
	calibrationDone     = 0x03

	minFrames = 7
	maxFrames = 30
	// skipLastFrames are dropped: taken while the finger was leaving.
	skipLastFrames = 2
)

// command is a two-byte command and the length of its reply (0: none).
type command struct {
	code     [2]byte
	replyLen int
}

var (
	cmdSensorDim    = command{[2]byte{0x00, 0x0c}, 4}
	cmdFirmware     = command{[2]byte{0x40, 0x19}, 2}
	cmdActivate0907 = command{[2]byte{0x40, 0x2a}, 2}
	cmdImage        = command{[2]byte{0x00, 0x09}, 0} // reply: one raw frame
	cmdCalibStatus  = command{[2]byte{0x40, 0x23}, 1}
	cmdCalibMean    = command{[2]byte{0x40, 0x24}, 2}
	cmdLEDOn        = command{[2]byte{0x40, 0x31}, 0}
	cmdAwaitFinger  = command{[2]byte{0x40, 0x3f}, 1}
	cmdStop         = command{[2]byte{0x00, 0x0b}, 0} // LED off, stop waiting
)

// DPI is the sensors' resolution: libfprint stores none (its documentation
// assumes 500 ppi for every image) and ELAN publishes none for these
// sensors; 500 ppi is taken.
const DPI = 500

// Options configure a Reader.
type Options struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
	// Replay makes the driver behave as libfprint's emulation mode, in
	// which its recordings were made: no 50 ms pauses between calibration
	// polls, and an empty or other reply to a finger check ends the swipe
	// (a recorded timeout replays so) instead of being a protocol error.
	Replay bool
}

// Reader is an open ELAN sensor.
type Reader struct {
	t       usb.Transport
	quirks  quirk
	replay  bool
	timeout time.Duration // per transfer
	poll    time.Duration // between calibration polls
	log     *slog.Logger
	info    device.Info
}

// Open returns a reader for the device behind t; info names it, and its
// USB id must be one of Models.
func Open(t usb.Transport, info device.Info, opts Options) (*Reader, error) {
	q, ok := quirksOf(info.VID, info.PID)
	if !ok {
		return nil, fmt.Errorf("elan: %s: %w", info.ID(), device.ErrUnsupported)
	}
	r := &Reader{t: t, quirks: q, timeout: commandTimeout, poll: calibrationPoll, log: opts.Log, info: info}
	if opts.Replay {
		r.poll, r.replay = 0, true
	}
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

// Capture implements device.Reader: it activates and calibrates the
// sensor, waits for a finger, takes frames until it has left and
// assembles them. A swipe too short for the assembly, or no finger within
// the sensor's own wait, calibrates again and waits on.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (*device.Sample, error) {
	emit := func(k device.EventKind) { device.Notify(events, device.Event{Kind: k, Reader: r.info}) }
	g, firmware, err := r.activate(ctx)
	if err != nil {
		return nil, wrap("activate", err)
	}
	defer func() {
		// Switch the LED off even when cancelled. A failure here is only
		// logged: it must not hide the capture's own error, nor throw
		// away a good image (a reader that went away says so next time).
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout)
		defer cancel()
		if err := r.run(sctx, cmdStop); err != nil {
			r.log.Debug("elan: stop", "err", err)
		}
	}()
	for {
		if err := ctx.Err(); err != nil { // a sensor that answers at once never blocks
			return nil, wrap("wait for finger", err)
		}
		bg, err := r.calibrate(ctx, g, firmware)
		if err != nil {
			return nil, wrap("calibrate", err)
		}
		emit(device.WaitingForFinger)
		frames, err := r.frames(ctx, g, bg, func() { emit(device.FingerOn); emit(device.Capturing) })
		if err != nil {
			return nil, wrap("capture", err)
		}
		if len(frames) < minFrames {
			r.log.Debug("elan: swipe too short", "frames", len(frames))
			if len(frames) > 0 {
				emit(device.FingerOff)
			}
			if err := r.run(ctx, cmdStop); err != nil {
				return nil, wrap("capture", err)
			}
			continue
		}
		emit(device.FingerOff)
		img, err := r.assemble(g, frames)
		if err != nil {
			return nil, wrap("assemble", err)
		}
		return &device.Sample{Image: img, DPI: DPI, Reader: r.info}, nil
	}
}

// activate reads the firmware version and the sensor's size.
func (r *Reader) activate(ctx context.Context) (geometry, uint16, error) {
	fw, err := r.ask(ctx, cmdFirmware, r.timeout)
	if err != nil {
		return geometry{}, 0, err
	}
	dim, err := r.ask(ctx, cmdSensorDim, r.timeout)
	if err != nil {
		return geometry{}, 0, err
	}
	g, err := geometryOf(dim, r.quirks)
	if err != nil {
		return geometry{}, 0, err
	}
	if r.quirks&quirk0907 != 0 {
		if _, err := r.ask(ctx, cmdActivate0907, r.timeout); err != nil {
			return geometry{}, 0, err
		}
	}
	return g, uint16(fw[0])<<8 | uint16(fw[1]), nil
}

// calibrate takes the background frame and, on sensors that can, lets the
// sensor calibrate itself until its mean agrees with the background:
// its status must go to "retry" and then to "done" within
// calibrationAttempts polls in all.
func (r *Reader) calibrate(ctx context.Context, g geometry, firmware uint16) ([]uint16, error) {
	attempts := calibrationAttempts
	for {
		raw, err := r.image(ctx, g)
		if err != nil {
			return nil, err
		}
		bg := g.frame(raw)
		if r.quirks&quirk0c42 == 0 && firmware < minCalibrationFirmware {
			return bg, nil
		}
		m, err := r.ask(ctx, cmdCalibMean, r.timeout)
		if err != nil {
			return nil, err
		}
		if !r.needsCalibration(uint16(m[0])*0xff+uint16(m[1]), bg) {
			return bg, nil
		}
		status := byte(0)
		for status != calibrationDone {
			if attempts--; attempts == 0 {
				return nil, fmt.Errorf("%w: the sensor did not calibrate", device.ErrProtocol)
			}
			st, err := r.ask(ctx, cmdCalibStatus, r.timeout)
			if err != nil {
				return nil, err
			}
			switch {
			case status == calibrationRetry && st[0] == calibrationDone:
				status = calibrationDone
				continue
			case status == 0 && st[0] == calibrationRetry:
				status = calibrationRetry
			}
			if err := device.Sleep(ctx, r.poll); err != nil {
				return nil, err
			}
		}
	}
}

// needsCalibration compares the sensor's calibration mean (read as
// libfprint reads it, high byte × 255) with the background's mean.
func (r *Reader) needsCalibration(mean uint16, bg []uint16) bool {
	if r.quirks&quirk0c42 != 0 && (mean > 5500 || mean < 2500) {
		return true
	}
	sum := uint32(0)
	for _, v := range bg {
		sum += uint32(v)
	}
	avg := sum / uint32(len(bg))
	delta := int64(avg) - int64(mean)
	if delta < 0 {
		delta = -delta
	}
	return delta > calibrationMaxDelta
}

// frames switches the LED on and takes a frame each time the sensor
// reports a finger, until it stops reporting one (the finger left) or
// maxFrames came. firstFinger runs when the first finger report arrives.
// The first wait is the sensor's own (10 s); no finger by then returns no
// frames.
func (r *Reader) frames(ctx context.Context, g geometry, bg []uint16, firstFinger func()) ([][]uint16, error) {
	if err := r.run(ctx, cmdLEDOn); err != nil {
		return nil, err
	}
	var frames [][]uint16
	wait := r.timeout
	for len(frames) < maxFrames {
		st, err := r.ask(ctx, cmdAwaitFinger, wait)
		switch {
		case err == nil && st[0] == fingerPresent:
		case err != nil && ctx.Err() == nil && (errors.Is(err, usb.ErrTimeout) || errors.Is(err, usb.ErrCancelled)):
			return frames, nil // the finger left (or never came)
		case r.replay && (err == nil || errors.Is(err, usb.ErrShort)):
			return frames, nil // libfprint's emulation: a recorded timeout replays as an empty reply
		case err != nil:
			return nil, err
		default:
			return nil, fmt.Errorf("%w: finger state %#02x (not calibrated?)", device.ErrProtocol, st[0])
		}
		if len(frames) == 0 {
			firstFinger()
		}
		raw, err := r.image(ctx, g)
		if err != nil {
			return nil, err
		}
		f := g.frame(raw)
		if err := subtract(f, bg); err != nil {
			return nil, err
		}
		frames = append(frames, f)
		wait = fingerTimeout
	}
	return frames, nil
}

// assemble drops the last frames, maps the rest to grey and pastes them.
func (r *Reader) assemble(g geometry, raw [][]uint16) (*image.Gray, error) {
	layout := assemble.Layout{Width: g.width, Height: g.height, ImageWidth: g.width * 3 / 2}
	raw = raw[:len(raw)-skipLastFrames]
	frames := make([]assemble.Frame, len(raw))
	for i, f := range raw {
		if r.quirks&quirk0907 != 0 {
			p, err := greyLinear(f)
			if err != nil {
				return nil, err
			}
			frames[i].Pix = p
		} else {
			frames[i].Pix = grey(f)
		}
	}
	layout.EstimateMovement(frames)
	return layout.Assemble(frames).Image(), nil
}

// image asks for one raw frame.
func (r *Reader) image(ctx context.Context, g geometry) ([]byte, error) {
	if err := r.run(ctx, cmdImage); err != nil {
		return nil, err
	}
	return r.read(ctx, epImage, g.rawLen(), r.timeout)
}

// ask sends a command and reads its reply, within timeout each. The 0c42
// answers one-byte commands with two bytes.
func (r *Reader) ask(ctx context.Context, c command, timeout time.Duration) ([]byte, error) {
	if err := r.run(ctx, c); err != nil {
		return nil, err
	}
	n := c.replyLen
	if n == 1 && r.quirks&quirk0c42 != 0 {
		n = 2
	}
	return r.read(ctx, epReply, n, timeout)
}

// run sends a command.
func (r *Reader) run(ctx context.Context, c command) error {
	tctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	return usb.TimeoutOf(ctx, usb.Write(tctx, r.t, epCommand, c.code[:]))
}

func (r *Reader) read(ctx context.Context, ep uint8, n int, timeout time.Duration) ([]byte, error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	b, err := usb.ReadExact(tctx, r.t, ep, n)
	return b, usb.TimeoutOf(ctx, err)
}

func wrap(phase string, err error) error { return device.Wrap("elan", phase, err) }

var _ device.Reader = (*Reader)(nil)
