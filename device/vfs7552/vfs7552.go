// Package vfs7552 drives the Validity VFS7552 press sensor (found in Dell
// XPS laptops) over a usb.Transport, with the protocol of libfprint's
// vfs7552 driver.
//
// The sensor has no finger detector worth the name: after an interrupt that
// says "ready", the driver reads whole 112×112 frames and judges them. The
// first frame is kept as the background; later frames are subtracted from
// it, and a frame's variance says whether a finger is on (1200 < v < 4000)
// or off (v < 100). A capture runs as phases: initialise (once per open),
// start imaging, wait for the interrupt, frames until a finger is on,
// frames until one is good enough to keep, frames until the finger is off,
// stop.
package vfs7552

import (
	"context"
	_ "embed"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

// VID, PID and Name of the one model libfprint's vfs7552 driver claims.
const (
	VID  = 0x138a
	PID  = 0x0091
	Name = "Validity VFS7552"
)

// Driver declares the driver.
func Driver() device.Driver {
	return device.Driver{
		Name:         "vfs7552",
		Models:       []device.Model{{VID: VID, PID: PID, Name: Name}},
		Presentation: device.Press,
		// libfprint reads the interrupt endpoint with bulk transfers.
		BulkIn: []uint8{epInterrupt},
		Open: func(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
			return Open(t, info.VID, info.PID, Options{Log: opts.Log, Info: info})
		},
	}
}

// Protocol constants (vfs7552_proto.h).
const (
	epOut       = 0x01
	epIn        = 0x81
	epInterrupt = 0x83

	transferTimeout = 3 * time.Second // VFS7552_DEFAULT_WAIT_TIMEOUT
	chunkTimeout    = time.Second
	stopDelay       = 10 * time.Millisecond

	replyLen     = 64   // what the driver asks for on epIn
	infoLen      = 128  // the 0x19 reply buffer
	startLen     = 2048 // the image-start reply buffer
	startReply   = 1962 // what image-start answers
	interruptLen = 8
)

// Commands.
var (
	cmdVersion    = []byte{0x01} // answers 38 bytes
	cmdInfo       = []byte{0x19} // answers 68 bytes
	cmdQuery      = []byte{0x75} // answers 10 bytes
	cmdStop       = []byte{0x04}
	cmdDisable    = []byte{0x52}
	cmdFrameReady = []byte{0x78, 0x00, 0x00, 0x00, 0x00} // answers 6 bytes, first one of frame*
	cmdReadChunk  = []byte{0x78, 0xc0, 0x12, 0x00, 0x00}
)

// First byte of the answer to cmdFrameReady.
const (
	frameReady     = 0x00
	frameNotReady  = 0x01
	frameFingerOff = 0x12
)

// First byte of an interrupt (5 bytes): the sensor is fine, a finger came,
// or "I told you already" (no more interrupts follow).
const (
	interruptIdle    = 0x00
	interruptFinger  = 0x02
	interruptDontAsk = 0x03
)

// blocksHex holds the initialisation and image-start blocks (messages.hex).
//
//go:embed messages.hex
var blocksHex string

// blocks are the named blocks of messages.hex.
type blocks map[string][]byte

func parseBlocks() (blocks, error) {
	m := blocks{}
	for n, line := range strings.Split(blocksHex, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		name, h, ok := strings.Cut(line, " ")
		b, err := hex.DecodeString(h)
		if !ok || err != nil {
			return nil, fmt.Errorf("vfs7552: messages.hex line %d: bad block", n+1)
		}
		m[name] = b
	}
	return m, nil
}

// Options configure a Reader.
type Options struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
	// Info is reported by Info; Open fills the driver fields.
	Info device.Info
}

// Reader is an open VFS7552. It initialises the sensor on its first
// Capture and keeps the background frame from one capture to the next, as
// libfprint does for an open device; one Capture runs at a time.
type Reader struct {
	t      usb.Transport
	log    *slog.Logger
	info   device.Info
	blocks blocks

	initialised bool
	background  []byte // nil until the first frame after activation
}

// Open returns a reader for the device behind t.
func Open(t usb.Transport, vid, pid uint16, opts Options) (*Reader, error) {
	if vid != VID || pid != PID {
		return nil, fmt.Errorf("vfs7552: %04x:%04x: %w", vid, pid, device.ErrUnsupported)
	}
	b, err := parseBlocks()
	if err != nil {
		return nil, err
	}
	r := &Reader{t: t, log: opts.Log, info: opts.Info, blocks: b}
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

// Capture implements device.Reader. Once imaging has started, the sensor is
// stopped however Capture ends.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (s *device.Sample, err error) {
	emit := func(k device.EventKind) { device.Notify(events, device.Event{Kind: k, Reader: r.info}) }
	if !r.initialised {
		if err := r.initialise(ctx); err != nil {
			return nil, wrap("initialise", err)
		}
		r.initialised = true
	}
	if err := r.exchange(ctx, r.blocks["image_start"], startLen, startReply, nil); err != nil {
		return nil, wrap("start imaging", err)
	}
	stopped := false
	defer func() {
		if !stopped {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
			defer cancel()
			if serr := r.stop(ctx); serr != nil {
				r.log.Debug("vfs7552: stopping the sensor failed", "err", serr)
			}
		}
	}()
	emit(device.WaitingForFinger)
	if err := r.awaitInterrupt(ctx); err != nil {
		return nil, wrap("wait for finger", err)
	}
	if _, err := r.frameUntil(ctx, awaitFinger); err != nil {
		return nil, wrap("wait for finger", err)
	}
	emit(device.FingerOn)
	emit(device.Capturing)
	frame, err := r.frameUntil(ctx, takeImage)
	if err != nil {
		return nil, wrap("capture", err)
	}
	if _, err := r.frameUntil(ctx, awaitLift); err != nil {
		return nil, wrap("wait for finger off", err)
	}
	stopped = true
	if err := r.stop(ctx); err != nil {
		return nil, wrap("stop", err)
	}
	emit(device.FingerOff)
	return &device.Sample{Image: upscale(frame), DPI: DPI, Reader: r.info}, nil
}

// initialise sends the vendor's initialisation (libfprint does it at open).
func (r *Reader) initialise(ctx context.Context) error {
	ok := []byte{0x00, 0x00}
	steps := []struct {
		send []byte
		n    int    // reply buffer
		want int    // reply length
		is   []byte // exact reply, when known
	}{
		{cmdVersion, replyLen, 38, nil},
		{cmdInfo, infoLen, 68, nil},
		{r.blocks["init_00"], replyLen, 2, ok},
		{r.blocks["init_01"], replyLen, 2, ok},
		{r.blocks["init_02"], replyLen, 6, []byte{0x00, 0x00, 0x03, 0x00, 0x00, 0x00}},
		{cmdQuery, replyLen, 10, nil},
		{r.blocks["init_04"], replyLen, 2, ok},
	}
	for _, s := range steps {
		if err := r.exchange(ctx, s.send, s.n, s.want, s.is); err != nil {
			return err
		}
	}
	return nil
}

// awaitInterrupt reads interrupts until one says a finger came (or that
// none will follow). The wait has no timeout of its own: it lasts as long
// as ctx.
func (r *Reader) awaitInterrupt(ctx context.Context) error {
	for {
		b, err := usb.Read(ctx, r.t, epInterrupt, interruptLen)
		if err != nil {
			return err
		}
		if len(b) != 5 {
			return fmt.Errorf("%w: interrupt of %d bytes", device.ErrProtocol, len(b))
		}
		if b[0] != interruptIdle {
			if b[0] != interruptFinger && b[0] != interruptDontAsk {
				r.log.Debug("vfs7552: unknown interrupt", "first", b[0])
			}
			return nil
		}
	}
}

// stop ends imaging, after the short pause libfprint makes.
func (r *Reader) stop(ctx context.Context) error {
	if err := device.Sleep(ctx, stopDelay); err != nil {
		return err
	}
	ok := []byte{0x00, 0x00}
	if err := r.exchange(ctx, cmdStop, replyLen, 2, ok); err != nil {
		return err
	}
	return r.exchange(ctx, cmdDisable, replyLen, 2, ok)
}

// exchange sends msg and reads a reply of up to n bytes that must be want
// bytes long and, if is is not nil, equal to is.
func (r *Reader) exchange(ctx context.Context, msg []byte, n, want int, is []byte) error {
	if err := r.send(ctx, msg, transferTimeout); err != nil {
		return fmt.Errorf("message %#02x: %w", msg[0], err)
	}
	b, err := r.read(ctx, n, transferTimeout)
	if err != nil {
		return fmt.Errorf("message %#02x: %w", msg[0], err)
	}
	if len(b) != want || (is != nil && string(b) != string(is)) {
		return fmt.Errorf("%w: message %#02x answered % x", device.ErrProtocol, msg[0], abbreviate(b))
	}
	return nil
}

func (r *Reader) send(ctx context.Context, msg []byte, timeout time.Duration) error {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return usb.TimeoutOf(ctx, usb.Write(tctx, r.t, epOut, msg))
}

func (r *Reader) read(ctx context.Context, n int, timeout time.Duration) ([]byte, error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	b, err := usb.Read(tctx, r.t, epIn, n)
	return b, usb.TimeoutOf(ctx, err)
}

func abbreviate(b []byte) []byte {
	if len(b) > 16 {
		return b[:16]
	}
	return b
}

func wrap(phase string, err error) error { return device.Wrap("vfs7552", phase, err) }

var _ device.Reader = (*Reader)(nil)
