// Package nb1010 drives the NEXT Biometrics NB-1010-U reader (readers.md
// §3) over a usb.Transport: poll for a finger, then read the image in 90
// chunks of two rows.
package nb1010

import (
	"context"
	"fmt"
	"image"
	"log/slog"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

// USB id of the reader.
const (
	VID = 0x298d
	PID = 0x1010
)

// Name is the model's name.
const Name = "NEXT Biometrics NB-1010-U"

// Driver declares the driver.
func Driver() device.Driver {
	return device.Driver{
		Name:         "nb1010",
		Models:       []device.Model{{VID: VID, PID: PID, Name: Name}},
		Presentation: device.Press,
		Open: func(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
			return Open(t, info.VID, info.PID, Options{Log: opts.Log, Info: info})
		},
	}
}

// Protocol constants (readers.md §3.1–3.4).
const (
	epCommand = 0x02
	epReply   = 0x83

	replyLen   = 16
	chunks     = 90
	chunkLen   = 540
	chunkHead  = 25
	transferTO = 500 * time.Millisecond
	pollEvery  = 50 * time.Millisecond
	// fingerLevel is the reply byte 12 threshold: above it a finger is on.
	fingerLevel = 0x30

	// Width and Height of the images.
	Width  = 256
	Height = 180
)

// DPI is the reader's resolution: libfprint stores none; the vendor figure
// is about 385 ppi (readers.md §4).
const DPI = 385

// The commands, byte for byte: the sequence numbers are fixed (§3.2).
var (
	cmdCheckFinger = []byte{0x80, 0x38, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00}
	cmdPreCapture  = []byte{0x80, 0x0d, 0x03, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00}
	cmdCapture     = append(append([]byte{0x80, 0x12, 0x04, 0x00, 0x20, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00},
		make([]byte, 16)...), 0x20, 0x00, 0x00, 0x00)
)

// Options configure a Reader.
type Options struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
	// Info is reported by Info; Open fills the driver fields.
	Info device.Info
	// PollInterval is the wait before each finger check. Zero: 50 ms, the
	// protocol's (readers.md §3.3). Replays may shorten it.
	PollInterval time.Duration
}

// Reader is an open NB-1010-U.
type Reader struct {
	t    usb.Transport
	log  *slog.Logger
	info device.Info
	poll time.Duration
}

// Open returns a reader for the device behind t.
func Open(t usb.Transport, vid, pid uint16, opts Options) (*Reader, error) {
	if vid != VID || pid != PID {
		return nil, fmt.Errorf("nb1010: %04x:%04x: %w", vid, pid, device.ErrUnsupported)
	}
	r := &Reader{t: t, log: opts.Log, info: opts.Info, poll: opts.PollInterval}
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

// Capture implements device.Reader. Activation and deactivation send
// nothing, so cancelling while waiting for a finger leaves nothing to undo.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (*device.Sample, error) {
	emit := func(k device.EventKind) { device.Notify(events, device.Event{Kind: k, Reader: r.info}) }
	emit(device.WaitingForFinger)
	for {
		if err := device.Sleep(ctx, r.poll); err != nil {
			return nil, wrap("wait for finger", err)
		}
		reply, err := r.command(ctx, cmdCheckFinger, 0x37)
		if err != nil {
			return nil, wrap("wait for finger", err)
		}
		if reply[12] > fingerLevel {
			break
		}
	}
	emit(device.FingerOn)
	emit(device.Capturing)
	if _, err := r.command(ctx, cmdPreCapture, 0); err != nil {
		return nil, wrap("capture", err)
	}
	if _, err := r.command(ctx, cmdCapture, 0); err != nil {
		return nil, wrap("capture", err)
	}
	img := image.NewGray(image.Rect(0, 0, Width, Height))
	for k := range chunks {
		c, err := r.read(ctx, chunkLen)
		if err != nil {
			return nil, wrap(fmt.Sprintf("image chunk %d", k+1), err)
		}
		copy(img.Pix[2*k*Width:(2*k+2)*Width], c[chunkHead:chunkHead+2*Width])
	}
	emit(device.FingerOff)
	return &device.Sample{Image: img, DPI: DPI, Reader: r.info}, nil
}

// command sends cmd and reads its 16-byte reply, checking the reply code
// when want is not 0.
func (r *Reader) command(ctx context.Context, cmd []byte, want byte) ([]byte, error) {
	tctx, cancel := context.WithTimeout(ctx, transferTO)
	err := usb.Write(tctx, r.t, epCommand, cmd)
	cancel()
	if err != nil {
		return nil, err
	}
	reply, err := r.read(ctx, replyLen)
	if err != nil {
		return nil, err
	}
	if reply[0] != 0x80 || (want != 0 && reply[1] != want) {
		return nil, fmt.Errorf("%w: reply % x to command %#02x", device.ErrProtocol, reply[:4], cmd[1])
	}
	return reply, nil
}

func (r *Reader) read(ctx context.Context, n int) ([]byte, error) {
	tctx, cancel := context.WithTimeout(ctx, transferTO)
	defer cancel()
	b, err := usb.ReadExact(tctx, r.t, epReply, n)
	return b, usb.TimeoutOf(ctx, err)
}

func wrap(phase string, err error) error { return device.Wrap("nb1010", phase, err) }

var _ device.Reader = (*Reader)(nil)
