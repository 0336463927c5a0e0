// Package vfs301 drives the Validity VFS301 and VFS300 swipe sensors over a
// usb.Transport, with the protocol libfprint's vfs301 driver learned from
// the vendor's traffic (vfs301.c, vfs301_proto.c).
//
// A capture runs as sequential phases: activation (a fixed exchange of
// configuration blocks and calibration scans), arm a swipe, poll until the
// swipe starts, read the strips of scan lines until the sensor sends a short
// one, stop the scan, and assemble the image. Every message and what
// answers it is fixed; the meaning of most of it is unknown.
package vfs301

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

// models are the readers libfprint's vfs301 driver claims (its id_table).
func models() []device.Model {
	return []device.Model{
		{VID: 0x138a, PID: 0x0005, Name: "Validity VFS301"},
		{VID: 0x138a, PID: 0x0008, Name: "Validity VFS300"},
	}
}

// Driver declares the driver: the VFS301 and the VFS300.
func Driver() device.Driver {
	return device.Driver{
		Name:         "vfs301",
		Models:       models(),
		Presentation: device.Swipe,
		Open: func(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
			o := Options{Log: opts.Log, Info: info}
			if opts.Replay {
				o.PollInterval = time.Millisecond // a replay answers at once
			}
			return Open(t, info.VID, info.PID, o)
		},
	}
}

// Protocol constants (vfs301.h).
const (
	epSend = 0x01 // bulk OUT: commands and blocks
	epCtrl = 0x81 // bulk IN: short replies
	epData = 0x82 // bulk IN: scan lines

	transferTimeout = 300 * time.Millisecond // every exchange
	stripTimeout    = 2 * time.Second        // one strip of a swipe
	pollEvery       = 200 * time.Millisecond // between swipe checks

	firstStripLen = 84032 // the first strip of a swipe
	stripLen      = 84096 // every later one; a shorter one ends the swipe
	swipeHeadLen  = 64    // read from the data endpoint before the strips
)

// DPI is the resolution of the images. libfprint stores none for the
// VFS301 and treats its images as 500 ppi, as it does for most drivers
// (fp-image.c, fp_image_get_ppmm); no vendor figure is at hand. Along the
// swipe the line picking makes the scale only roughly that.
const DPI = 500

// Options configure a Reader.
type Options struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
	// Info is reported by Info; Open fills the driver fields.
	Info device.Info
	// PollInterval is the wait before each check for a swipe. Zero:
	// 200 ms, libfprint's.
	PollInterval time.Duration
}

// Reader is an open VFS301 or VFS300.
type Reader struct {
	t    usb.Transport
	log  *slog.Logger
	info device.Info
	poll time.Duration
	msgs messages
}

// Open returns a reader for the device behind t, whose USB id is vid:pid.
func Open(t usb.Transport, vid, pid uint16, opts Options) (*Reader, error) {
	if _, ok := Driver().Model(vid, pid); !ok {
		return nil, fmt.Errorf("vfs301: %04x:%04x: %w", vid, pid, device.ErrUnsupported)
	}
	msgs, err := parseMessages()
	if err != nil {
		return nil, err
	}
	r := &Reader{t: t, log: opts.Log, info: opts.Info, poll: opts.PollInterval, msgs: msgs}
	if r.poll == 0 {
		r.poll = pollEvery
	}
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

// Capture implements device.Reader: activation, arm, wait for the swipe,
// read it, stop. Once a swipe is armed the scan is stopped however Capture
// ends (libfprint's deactivation sends nothing; stopping is the nearest the
// protocol has to powering down).
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (s *device.Sample, err error) {
	emit := func(k device.EventKind) { device.Notify(events, device.Event{Kind: k, Reader: r.info}) }
	if err := r.run(ctx, activation(r.msgs)); err != nil {
		return nil, wrap("activate", err)
	}
	if err := r.run(ctx, []step{{send: r.msgs.nextScan(scanModeNormal), replies: []reply{{epCtrl, 2}}}}); err != nil {
		return nil, wrap("arm", err)
	}
	stopped := false
	defer func() {
		if stopped {
			return
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
		defer cancel()
		if serr := r.run(ctx, stop(r.msgs)); serr != nil {
			r.log.Debug("vfs301: stopping the scan failed", "err", serr)
		}
	}()
	emit(device.WaitingForFinger)
	if err := r.awaitSwipe(ctx); err != nil {
		return nil, wrap("wait for finger", err)
	}
	emit(device.FingerOn)
	emit(device.Capturing)
	sw, err := r.readSwipe(ctx)
	if err != nil {
		return nil, wrap("read swipe", err)
	}
	stopped = true
	if err := r.run(ctx, stop(r.msgs)); err != nil {
		return nil, wrap("stop", err)
	}
	img, err := sw.image()
	if err != nil {
		return nil, wrap("assemble", err)
	}
	emit(device.FingerOff)
	return &device.Sample{Image: img, DPI: DPI, Reader: r.info}, nil
}

// awaitSwipe polls until the sensor reports a swipe under way.
func (r *Reader) awaitSwipe(ctx context.Context) error {
	for {
		if err := device.Sleep(ctx, r.poll); err != nil {
			return err
		}
		if err := r.send(ctx, []byte{cmdPeek}); err != nil {
			return err
		}
		b, err := r.read(ctx, epCtrl, 7, transferTimeout)
		if err != nil {
			return err
		}
		switch string(b) {
		case "\x00\x00\x00\x00\x00\x00\x00":
			continue
		case "\x00\x00\x02\x00\x00\x00\x00":
			return nil
		}
		return fmt.Errorf("%w: swipe check answered % x", device.ErrProtocol, b)
	}
}

// readSwipe reads the swipe's header and its strips: a first one of
// firstStripLen bytes, then strips of stripLen until a shorter one, whose
// lines libfprint discards.
func (r *Reader) readSwipe(ctx context.Context) (*swipe, error) {
	if _, err := r.read(ctx, epData, swipeHeadLen, transferTimeout); err != nil {
		return nil, err
	}
	sw := &swipe{}
	for n, first, strips := firstStripLen, true, 0; ; n, first, strips = stripLen, false, strips+1 {
		if strips == maxStrips {
			// A finger is drawn across in well under that: a reader that
			// never ends the swipe must not grow the image without bound.
			return nil, fmt.Errorf("vfs301: swipe: %w: no end after %d strips", device.ErrProtocol, maxStrips)
		}
		b, err := r.readUpTo(ctx, epData, n, stripTimeout)
		if err != nil {
			return nil, err
		}
		if len(b) < n {
			return sw, nil
		}
		sw.addStrip(b, first)
	}
}

// maxStrips bounds one swipe: about 10 MB of strips, many times a whole
// finger's length.
const maxStrips = 128

func wrap(phase string, err error) error { return device.Wrap("vfs301", phase, err) }

var _ device.Reader = (*Reader)(nil)
