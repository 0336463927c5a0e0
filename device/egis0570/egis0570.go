// Package egis0570 drives the Egis Technology (LighTuning) 0570 swipe
// sensor over a usb.Transport, after libfprint's egis0570 driver: the host
// writes 7-byte "EGIS" commands on bulk endpoint 0x04, each answered by a
// 7-byte "SIGE" reply on 0x83, and the last command of a round by five
// 114×57 frames in one 32 512-byte transfer.
//
// A capture runs as sequential rounds: the first (the init commands)
// records the empty sensor as a background; later rounds (the repeat
// commands) subtract it and keep the centre 17 rows of each frame where a
// finger shows, until a frame without one ends the swipe. The frames are
// pasted by device/assemble and doubled in size as libfprint does. The
// sensor keeps no state between rounds, so leaving sends nothing
// (libfprint's deactivation sends nothing either).
package egis0570

import (
	"bytes"
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
		{VID: 0x1c7a, PID: 0x0570, Name: "Egis Technology (LighTuning) 0570"},
		{VID: 0x1c7a, PID: 0x0571, Name: "Egis Technology (LighTuning) 0571"},
	}
}

// Driver declares the driver.
func Driver() device.Driver {
	return device.Driver{
		Name:         "egis0570",
		Models:       Models(),
		Presentation: device.Swipe,
		Open: func(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
			return Open(t, info, Options{Log: opts.Log})
		},
	}
}

// Protocol constants (libfprint drivers/egis0570.h).
const (
	epOut = 0x04
	epIn  = 0x83

	transferTimeout = 10 * time.Second

	cmdLen   = 7
	roundLen = 32512 // five frames of frameBytes and padding

	sensorWidth    = 114
	sensorHeight   = 57
	frameBytes     = sensorWidth * sensorHeight // 6498
	framesPerRound = 5
	// stripHeight rows from stripTop of each frame take part in the
	// assembly: the centre of the sensor.
	stripHeight = 17
	stripTop    = (sensorHeight - stripHeight) / 2

	// margin: a pixel counts as finger when it exceeds the background by
	// more than this.
	margin = 3
	// minMean: a frame whose mean after background removal exceeds this
	// shows a finger.
	minMean = 20
	// maxFrames bounds one swipe: a finger left on the sensor ends the
	// capture instead of growing it without end.
	maxFrames = 500

	// Width of the images: the assembly's width (a third wider than the
	// sensor), doubled.
	Width = scale * sensorWidth * 4 / 3
	scale = 2
)

// DPI is the resolution taken for the images: libfprint stores none (its
// documentation assumes 500 ppi for every image, this driver's doubled
// ones included) and Egis publishes no figure for the 0570, so the doubled
// image is taken as 500 ppi, the resolution the matcher was tuned for.
const DPI = 500

// Commands. Each starts with "EGIS"; then a kind (0x01 write register,
// 0x00 read register, 0x06 capture) and two bytes.
var (
	initCommands = [][cmdLen]byte{
		cmd(0x01, 0x20, 0x3f), cmd(0x01, 0x58, 0x3f), cmd(0x01, 0x21, 0x09), cmd(0x01, 0x57, 0x09),
		cmd(0x01, 0x22, 0x03), cmd(0x01, 0x56, 0x03), cmd(0x01, 0x23, 0x01), cmd(0x01, 0x55, 0x01),
		cmd(0x01, 0x24, 0x01), cmd(0x01, 0x54, 0x01), cmd(0x01, 0x16, 0x3e), cmd(0x01, 0x09, 0x0b),
		cmd(0x01, 0x14, 0x03), cmd(0x01, 0x15, 0x00), cmd(0x01, 0x02, 0x0f), cmd(0x01, 0x10, 0x00),
		cmd(0x01, 0x11, 0x38), cmd(0x01, 0x12, 0x00), cmd(0x01, 0x13, 0x71), cmd(0x01, 0x03, 0x80),
		cmd(0x00, 0x02, 0x80), cmd(0x01, 0x02, 0x2f), cmd(0x06, 0x00, 0xfe),
	}
	repeatCommands = [][cmdLen]byte{
		cmd(0x01, 0x02, 0x0f), cmd(0x00, 0x02, 0x0f), cmd(0x01, 0x02, 0x2f), cmd(0x06, 0x00, 0xfe),
	}
)

// replyMagic starts every reply to a command ("SIGE"; libfprint does not
// look at replies, every recorded one starts so).
var replyMagic = []byte("SIGE")

func cmd(kind, a, b byte) [cmdLen]byte { return [cmdLen]byte{'E', 'G', 'I', 'S', kind, a, b} }

// layout is the frame geometry for the assembly.
var layout = assemble.Layout{Width: sensorWidth, Height: stripHeight, ImageWidth: sensorWidth * 4 / 3}

// Options configure a Reader.
type Options struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
}

// Reader is an open Egis 0570.
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
		return nil, fmt.Errorf("egis0570: %s: %w", info.ID(), device.ErrUnsupported)
	}
	r := &Reader{t: t, timeout: transferTimeout, log: opts.Log, info: info}
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

// Capture implements device.Reader: it records the background, waits for
// a finger, keeps its frames until it has left and assembles them.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (*device.Sample, error) {
	emit := func(k device.EventKind) { device.Notify(events, device.Event{Kind: k, Reader: r.info}) }
	raw, err := r.round(ctx, initCommands)
	if err != nil {
		return nil, wrap("activate", err)
	}
	bg := background(raw)
	emit(device.WaitingForFinger)
	var frames []assemble.Frame
	for {
		raw, err := r.round(ctx, repeatCommands)
		if err != nil {
			phase := "wait for finger"
			if len(frames) > 0 {
				phase = "capture"
			}
			return nil, wrap(phase, err)
		}
		found, end := fingerFrames(raw, bg)
		if len(found) > 0 && len(frames) == 0 {
			emit(device.FingerOn)
			emit(device.Capturing)
		}
		frames = append(frames, found...)
		if (end && len(frames) > 0) || len(frames) >= maxFrames {
			break
		}
	}
	emit(device.FingerOff)
	r.log.Debug("egis0570: swipe", "frames", len(frames))
	layout.EstimateMovement(frames)
	a := layout.Assemble(frames)
	img := assemble.Enlarge(a.Gray, 2)
	assemble.Normalize(img, !a.Reversed)
	return &device.Sample{Image: img, DPI: DPI, Reader: r.info}, nil
}

// round sends one command sequence and returns the five frames the last
// command brings. As libfprint does, the reply to a command is read while
// the next command is already on its way. Each transfer has the transfer
// timeout.
func (r *Reader) round(ctx context.Context, cmds [][cmdLen]byte) ([]byte, error) {
	var reply usb.Transfer
	defer func() {
		if reply != nil {
			reply.Cancel()
		}
	}()
	wait := func(t usb.Transfer) ([]byte, error) {
		tctx, cancel := context.WithTimeout(ctx, r.timeout)
		defer cancel()
		b, err := t.Wait(tctx)
		return b, usb.TimeoutOf(ctx, err)
	}
	for i, c := range cmds {
		w, err := r.t.Submit(epOut, 0, c[:])
		if err != nil {
			return nil, err
		}
		if reply != nil {
			b, err := wait(reply)
			reply = nil
			if err == nil && !bytes.HasPrefix(b, replyMagic) {
				err = fmt.Errorf("%w: reply % x to command % x", device.ErrProtocol, b, cmds[i-1][4:])
			}
			if err != nil {
				w.Cancel()
				return nil, err
			}
		}
		if _, err := wait(w); err != nil {
			return nil, err
		}
		if i < len(cmds)-1 {
			if reply, err = r.t.Submit(epIn, cmdLen, nil); err != nil {
				return nil, err
			}
		}
	}
	tctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	b, err := usb.ReadExact(tctx, r.t, epIn, roundLen)
	return b, usb.TimeoutOf(ctx, err)
}

func wrap(phase string, err error) error { return device.Wrap("egis0570", phase, err) }

var _ device.Reader = (*Reader)(nil)
