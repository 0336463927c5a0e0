// Package upektcimg drives UPEK TouchChip fingerprint coprocessors that
// send images (libfprint's upektc_img driver, commit 3f70bde) over a
// usb.Transport. The coprocessor sits between the host and a TouchChip
// sensor; it says which sensor it has, scans when a finger is swiped (or
// pressed, on area sensors) and sends the image in checksummed frames that
// the host acknowledges one by one.
//
// A capture runs as sequential phases: activation (two rounds of a vendor
// request and set-up commands, then the sensor's description), the scan
// (statuses, then frames), deactivation (deinit), which runs however the
// capture ends.
package upektcimg

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

// Models: the USB ids libfprint's upektc_img claims (its id_table).
// libfprint takes 147e:2016 only at bcdDevice 2 and 147e:2020 only at
// bcdDevice 1; its upeksonly driver takes 147e:2016 at bcdDevice 1.
var Models = []device.Model{
	{VID: 0x147e, PID: 0x2016, Name: "UPEK TouchChip/TouchStrip Fingerprint Sensor"},
	{VID: 0x147e, PID: 0x2020, Name: "UPEK TouchChip Fingerprint Coprocessor"},
}

// Driver declares the driver. libfprint declares it a swipe reader
// (FP_SCAN_TYPE_SWIPE), although some of its sensors are pressed.
func Driver() device.Driver {
	return device.Driver{
		Name:         "upektcimg",
		Models:       Models,
		Presentation: device.Swipe,
		Open: func(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
			return Open(t, info.VID, info.PID, Options{Log: opts.Log, Info: info})
		},
	}
}

// DPI is the resolution of the images: UPEK's TouchChip sensors are 508
// ppi (TCS1: 256 × 360 pixels over 12.8 × 18 mm; vendor data, not measured
// here) and the coprocessor sends three quarters of the native size in
// each direction (libfprint's table of sensors), so 381 dpi.
const DPI = 508 * 3 / 4

// Protocol constants (libfprint upektc_img.c).
const (
	epOut = 0x02
	epIn  = 0x81

	transferTimeout = 4 * time.Second
	shortResponse   = 64   // every message is read 64 bytes first
	maxResponse     = 2052 // … and the rest, up to this in all
	// maxEmptyReads bounds the zero-length reads met in a row.
	maxEmptyReads = 100

	// The vendor request sent twice during activation.
	reqActivate      = 0x0c
	reqActivateValue = 0x0100
	reqActivateIndex = 0x0400
)

// Options configure a Reader.
type Options struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
	// Info is reported by Info; Open fills the driver fields.
	Info device.Info
}

// Reader is an open UPEK coprocessor.
type Reader struct {
	t    usb.Transport
	log  *slog.Logger
	info device.Info
}

// Open returns a reader for the device behind t, whose USB id is vid:pid.
func Open(t usb.Transport, vid, pid uint16, opts Options) (*Reader, error) {
	d := Driver()
	if _, ok := d.Model(vid, pid); !ok {
		return nil, fmt.Errorf("upektcimg: %04x:%04x: %w", vid, pid, device.ErrUnsupported)
	}
	r := &Reader{t: t, log: opts.Log, info: opts.Info}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	r.info = d.Describe(r.info, vid, pid)
	return r, nil
}

// Info implements device.Reader.
func (r *Reader) Info() device.Info { return r.info }

// Close releases the transport.
func (r *Reader) Close() error { return r.t.Close() }

// Capture implements device.Reader: activate, scan until an image comes,
// deactivate. A scan the coprocessor rejects (too short, too crooked) is
// started again, so the person simply swipes again; cancelling ctx ends
// the wait. The coprocessor is deactivated however Capture ends.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (*device.Sample, error) {
	s := &session{r: r, events: events}
	defer s.deactivate(ctx)
	sensor, area, err := s.activate(ctx)
	if err != nil {
		return nil, wrap("activate", err)
	}
	r.log.Debug("upektcimg: sensor", "sensor", sensor.Name, "area", area)
	img, err := s.capture(ctx, sensor, area)
	if err != nil {
		return nil, wrap("capture", err)
	}
	return &device.Sample{Image: img, DPI: DPI, Reader: r.info}, nil
}

func wrap(phase string, err error) error { return device.Wrap("upektcimg", phase, err) }

// session is one capture's state.
type session struct {
	r      *Reader
	events chan<- device.Event
	seq    byte // the next command's sequence number, 4 bits
}

func (s *session) emit(k device.EventKind) {
	device.Notify(s.events, device.Event{Kind: k, Reader: s.r.info})
}

// send writes body with sequence seq.
func (s *session) send(ctx context.Context, body []byte, seq byte) error {
	tctx, cancel := context.WithTimeout(ctx, transferTimeout)
	defer cancel()
	return usb.TimeoutOf(ctx, usb.Write(tctx, s.r.t, epOut, command(body, seq)))
}

// sendNext writes body with the next sequence number.
func (s *session) sendNext(ctx context.Context, body []byte) error {
	seq := s.seq
	s.seq = (s.seq + 1) & 0x0f
	return s.send(ctx, body, seq)
}

// read reads up to n bytes; a zero timeout waits as long as ctx allows.
func (s *session) read(ctx context.Context, n int, timeout time.Duration) ([]byte, error) {
	tctx := ctx
	if timeout > 0 {
		var cancel context.CancelFunc
		tctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	for range maxEmptyReads {
		b, err := usb.Read(tctx, s.r.t, epIn, n)
		if err != nil || len(b) > 0 {
			return b, usb.TimeoutOf(ctx, err)
		}
	}
	return nil, fmt.Errorf("%w: %d empty reads in a row", device.ErrProtocol, maxEmptyReads)
}

// message reads one message: 64 bytes, then the rest when its header
// announces more, checked against its CRC.
func (s *session) message(ctx context.Context, timeout time.Duration) ([]byte, error) {
	b, err := s.read(ctx, shortResponse, timeout)
	if err != nil {
		return nil, err
	}
	// Only a message that says so has more to come: garbage is refused
	// without waiting for a rest that will not come.
	if len(b) >= headerLen && bytes.Equal(b[:len(magic)], magic) && headerLen+payloadLen(b)+crcLen > len(b) {
		rest, err := s.read(ctx, maxResponse-shortResponse, transferTimeout)
		if err != nil {
			return nil, err
		}
		b = append(b, rest...)
	}
	return checkMessage(b)
}

// activate sets the coprocessor up and returns its sensor and whether it
// is an area sensor (libfprint activate_run_state).
func (s *session) activate(ctx context.Context) (Sensor, bool, error) {
	s.seq = 0
	var info []byte
	for _, step := range []struct {
		vendor   bool
		body     []byte
		numbered bool // sent with the next sequence number; else 0
	}{{vendor: true}, {body: cmdInit1}, {body: cmdInit2}, {vendor: true}, {body: cmdInit3}, {body: cmdInit4, numbered: true}} {
		var err error
		switch {
		case step.vendor:
			err = s.vendorRequest(ctx)
		case step.numbered:
			err = s.sendNext(ctx, step.body)
		default:
			err = s.send(ctx, step.body, 0)
		}
		if err != nil {
			return Sensor{}, false, err
		}
		if info, err = s.message(ctx, transferTimeout); err != nil {
			return Sensor{}, false, err
		}
	}
	return sensorInfo(info)
}

func (s *session) vendorRequest(ctx context.Context) error {
	tctx, cancel := context.WithTimeout(ctx, transferTimeout)
	defer cancel()
	_, err := s.r.t.Control(tctx, usb.Setup{RequestType: 0x40, Request: reqActivate,
		Value: reqActivateValue, Index: reqActivateIndex}, []byte{0})
	return usb.TimeoutOf(ctx, err)
}

// deactivate sends deinit and reads its reply (libfprint
// deactivate_run_state), even after ctx was cancelled, within one
// transfer timeout. A coprocessor that is gone is left alone.
func (s *session) deactivate(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), transferTimeout)
	defer cancel()
	if err := s.sendNext(ctx, cmdDeinit); err != nil {
		s.r.log.Debug("upektcimg: deinit", "error", err)
		return
	}
	if _, err := s.read(ctx, shortResponse, 0); err != nil {
		s.r.log.Debug("upektcimg: deinit reply", "error", err)
	}
}
