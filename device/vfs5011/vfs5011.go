// Package vfs5011 drives the Validity VFS5011 swipe sensor and the Validity
// readers built like it (libfprint's vfs5011.c), over a usb.Transport.
//
// A capture runs as sequential phases: initialisation (once per open, again
// after a failure), arming, then the swipe: endpoint 0x82 streams 240-byte
// lines, 256 to a read; lines without a finger are skipped until one
// arrives, 50 empty lines end the swipe, and the kept lines are assembled
// into an image (device/assemble). Then the sensor is armed again, as
// libfprint does after every swipe. The sensor has no power-down command:
// libfprint sends nothing when it stops, and neither does this driver; it
// leaves no transfer pending, however Capture ends.
package vfs5011

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

// VID is Validity Sensors' USB vendor id.
const VID = 0x138a

// models are the USB products libfprint's vfs5011.c claims (its id_table),
// named after its comments.
var models = []device.Model{
	{VID: VID, PID: 0x0010, Name: "Validity VFS5011 (Toshiba laptops)"},
	{VID: VID, PID: 0x0011, Name: "Validity VFS5011"},
	{VID: VID, PID: 0x0015, Name: "Validity VFS5011 (Lenovo Preferred Pro keyboard KUF1256)"},
	{VID: VID, PID: 0x0017, Name: "Validity VFS5011 (Lenovo T440 laptops)"},
	{VID: VID, PID: 0x0018, Name: "Validity VFS5011 (138a:0018)"},
}

// Driver declares the driver.
func Driver() device.Driver {
	return device.Driver{
		Name:         "vfs5011",
		Models:       append([]device.Model(nil), models...),
		Presentation: device.Swipe,
		Open: func(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
			return Open(t, info.VID, info.PID, Options{Log: opts.Log, Info: info})
		},
	}
}

// Protocol constants (vfs5011_proto.h, vfs5011.c).
const (
	epOut  = 0x01
	epCtrl = 0x81
	epData = 0x82

	// chunkLines lines come per image read.
	chunkLines = 256

	initTimeout  = 3 * time.Second // VFS5011_DEFAULT_WAIT_TIMEOUT
	armTimeout   = time.Second
	chunkTimeout = 5 * time.Second
)

// DPI is the resolution images are taken at: libfprint sets no resolution
// for this sensor and assumes 500 ppi for its images (fp_image_get_ppmm in
// fp-image.c); Validity publishes none that we could check.
const DPI = 500

// Options configure a Reader.
type Options struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
	// Info is reported by Info; Open fills the driver fields.
	Info device.Info
}

// Reader is an open VFS5011.
type Reader struct {
	t        usb.Transport
	log      *slog.Logger
	info     device.Info
	commands map[string][]byte
	ready    bool // initialised since open, or since the last failure
}

// Open returns a reader for the device behind t, whose USB id is vid:pid.
// It sends nothing: the first Capture initialises the sensor.
func Open(t usb.Transport, vid, pid uint16, opts Options) (*Reader, error) {
	if _, ok := Driver().Model(vid, pid); !ok {
		return nil, fmt.Errorf("vfs5011: %04x:%04x: %w", vid, pid, device.ErrUnsupported)
	}
	cmds, err := commands()
	if err != nil {
		return nil, err
	}
	r := &Reader{t: t, log: opts.Log, info: opts.Info, commands: cmds}
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

// Capture implements device.Reader: initialise (first time), arm, wait for
// the swipe, read it to its end, assemble, re-arm. A swipe too short to use
// is followed by another wait.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (s *device.Sample, err error) {
	emit := func(k device.EventKind) { device.Notify(events, device.Event{Kind: k, Reader: r.info}) }
	defer func() {
		if err != nil {
			r.ready = false // start from scratch next time
		}
	}()
	if !r.ready {
		if err := r.run(ctx, initialization, initTimeout); err != nil {
			return nil, wrap("initialise", err)
		}
		r.ready = true
	}
	for {
		if err := r.run(ctx, initiateCapture, armTimeout); err != nil {
			return nil, wrap("arm", err)
		}
		emit(device.WaitingForFinger)
		sw, err := r.readSwipe(ctx, func() { emit(device.FingerOn); emit(device.Capturing) })
		if err != nil {
			return nil, wrap("swipe", err)
		}
		emit(device.FingerOff)
		img, ok := sw.image()
		if !ok {
			r.log.Info("vfs5011: swipe too short, waiting for another", "lines", len(sw.kept))
			continue
		}
		// libfprint arms the sensor again after every swipe, ready for the
		// next (PREPARE_NEXT_CAPTURE); the image is good whatever comes of it.
		if err := r.run(ctx, initiateCapture, initTimeout); err != nil {
			r.log.Warn("vfs5011: re-arming after the swipe failed", "err", err)
			r.ready = false
		}
		return &device.Sample{Image: img, DPI: DPI, Reader: r.info}, nil
	}
}

// readSwipe reads lines until the swipe ends, calling started when the
// finger arrives. Before that, a read that times out is read again: the
// sensor may wait as long as the person does.
func (r *Reader) readSwipe(ctx context.Context, started func()) (*swipe, error) {
	sw := &swipe{}
	for {
		tctx, cancel := context.WithTimeout(ctx, chunkTimeout)
		chunk, err := usb.Read(tctx, r.t, epData, chunkLines*lineSize)
		idle := tctx.Err() != nil && ctx.Err() == nil
		cancel()
		if err != nil && idle && !sw.started() {
			continue
		}
		if err != nil {
			return nil, usb.TimeoutOf(ctx, err)
		}
		before := sw.started()
		done := sw.add(chunk)
		if !before && sw.started() {
			started()
		}
		if done {
			return sw, nil
		}
	}
}

func wrap(phase string, err error) error { return device.Wrap("vfs5011", phase, err) }

var _ device.Reader = (*Reader)(nil)
