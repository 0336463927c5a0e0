// Package uru4000 drives the DigitalPersona U.are.U 4000, 4000B and 4500
// readers and the Microsoft readers built on them (readers.md §2), over a
// usb.Transport.
//
// A capture runs as sequential phases: activation (power up, scan power),
// await finger, capture and descramble, await finger off, power down. An
// interrupt pump keeps one 64-byte read pending on endpoint 0x81 the whole
// time and re-submits before it dispatches a message.
package uru4000

import (
	"context"
	"crypto/aes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"sync"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

// Profile is one supported model (readers.md §2.1).
type Profile struct {
	VID, PID uint16
	Name     string
	// Auth: the Microsoft v2 reader's AES challenge-response (§2.10).
	Auth bool
	// Rotate: images arrive rotated by 180° (§2.9).
	Rotate bool
}

// Profiles are the supported models, by USB id.
var Profiles = []Profile{
	{0x045e, 0x00bb, "Microsoft keyboard with fingerprint reader", false, false},
	{0x045e, 0x00bc, "Microsoft IntelliMouse with fingerprint reader", false, false},
	{0x045e, 0x00bd, "Microsoft Fingerprint Reader", false, false},
	{0x045e, 0x00ca, "Microsoft Fingerprint Reader v2", true, false},
	{0x05ba, 0x0007, "U.are.U 4000", false, false},
	{0x05ba, 0x0008, "U.are.U 4000 (keyboard)", false, false},
	{0x05ba, 0x000a, "U.are.U 4000B / 4500", false, true},
}

// Lookup returns the profile of a USB id.
func Lookup(vid, pid uint16) (Profile, bool) {
	for _, p := range Profiles {
		if p.VID == vid && p.PID == pid {
			return p, true
		}
	}
	return Profile{}, false
}

// Driver declares the driver: every profile's USB id.
func Driver() device.Driver {
	d := device.Driver{Name: "uru4000", Presentation: device.Press, Open: open}
	for _, p := range Profiles {
		d.Models = append(d.Models, device.Model{VID: p.VID, PID: p.PID, Name: p.Name})
	}
	return d
}

func open(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
	o := Options{Log: opts.Log, Info: info}
	if opts.Replay {
		o.Rand = EmulationRand() // libfprint records with its emulation seeds
	}
	return Open(t, info.VID, info.PID, o)
}

// Protocol constants (readers.md §2.2–2.6).
const (
	epInterrupt = 0x81
	epImage     = 0x82

	reqRegister   = 0x04
	regHWStat     = 0x07
	regScrambleIx = 0x33
	regScrambleK  = 0x34
	regMode       = 0x4e
	regDeviceInfo = 0xf0
	regResponse   = 0x2000
	regChallenge  = 0x2010

	modeAwaitFingerOn  = 0x10
	modeAwaitFingerOff = 0x12
	modeCapture        = 0x20
	modeOff            = 0x70

	msgScanPower = 0x56aa
	msgFingerOn  = 0x0101
	msgFingerOff = 0x0200
	msgDeath     = 0x0800

	controlTimeout = 5 * time.Second
	scanPowerWait  = 300 * time.Millisecond

	// Width and Height of the images (readers.md §2.9).
	Width  = 384
	Height = 290

	imageHeader = 64
	imageBytes  = imageHeader + Height*Width // 111 424
)

// DPI is the resolution images are taken at: libfprint assumes 500 ppi;
// the vendor figure is about 512 ppi (readers.md §4).
const DPI = 500

// authKey is the Microsoft v2 challenge-response key (readers.md §2.10).
var authKey = [16]byte{0x79, 0xac, 0x91, 0x79, 0x5c, 0xa1, 0x47, 0x8e, 0x98, 0xe0, 0x0f, 0x3c, 0x59, 0x8f, 0x5f, 0x4b}

// Options configure a Reader.
type Options struct {
	// Rand draws the 31-bit scramble seeds. Nil: crypto/rand. Replays of
	// libfprint recordings use EmulationRand.
	Rand func() uint32
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
	// Info is reported by Info; Open fills the driver fields.
	Info device.Info
}

// Reader is an open U.are.U reader.
type Reader struct {
	t    usb.Transport
	p    Profile
	rand func() uint32
	log  *slog.Logger
	info device.Info
}

// Open returns a reader for the device behind t, whose USB id is vid:pid.
func Open(t usb.Transport, vid, pid uint16, opts Options) (*Reader, error) {
	p, ok := Lookup(vid, pid)
	if !ok {
		return nil, fmt.Errorf("uru4000: %04x:%04x: %w", vid, pid, device.ErrUnsupported)
	}
	r := &Reader{t: t, p: p, rand: opts.Rand, log: opts.Log, info: opts.Info}
	if r.rand == nil {
		r.rand = cryptoSeed
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

// Capture implements device.Reader: activation, finger on, image, finger
// off, power down. The sensor is powered down however Capture ends.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (img *device.Sample, err error) {
	s := &session{r: r, events: events, msgs: make(chan uint16, 32)}
	if err := s.startPump(); err != nil {
		return nil, wrap("start", err)
	}
	defer func() {
		perr := s.powerDown()
		if err == nil && perr != nil {
			err = wrap("power down", perr)
		}
	}()
	if err := s.activate(ctx); err != nil {
		return nil, wrap("activate", err)
	}
	if err := s.await(ctx, modeAwaitFingerOn, msgFingerOn, device.WaitingForFinger); err != nil {
		return nil, wrap("wait for finger", err)
	}
	s.emit(device.FingerOn)
	gray, err := s.capture(ctx)
	if err != nil {
		return nil, wrap("capture", err)
	}
	if err := s.await(ctx, modeAwaitFingerOff, msgFingerOff, -1); err != nil {
		return nil, wrap("wait for finger off", err)
	}
	s.emit(device.FingerOff)
	return &device.Sample{Image: gray, DPI: DPI, Reader: r.info}, nil
}

func wrap(phase string, err error) error { return device.Wrap("uru4000", phase, err) }

// session is one capture's state.
type session struct {
	r      *Reader
	events chan<- device.Event
	msgs   chan uint16
	done   chan struct{}
	perr   error // the pump's error, read after done

	mu      sync.Mutex
	pump    usb.Transfer // the pending interrupt read
	stopped bool         // power-down began: submit no more
}

func (s *session) emit(k device.EventKind) {
	device.Notify(s.events, device.Event{Kind: k, Reader: s.r.info})
}

// startPump submits the first interrupt read and runs the pump.
func (s *session) startPump() error {
	tr, err := s.r.t.Submit(epInterrupt, 64, nil)
	if err != nil {
		return err
	}
	s.pump, s.done = tr, make(chan struct{})
	go s.runPump(tr)
	return nil
}

// runPump waits for each interrupt message, re-submits at once, then
// queues the message. It stops on cancellation or a transfer error.
func (s *session) runPump(tr usb.Transfer) {
	defer close(s.done)
	for {
		b, err := tr.Wait(context.Background())
		if err != nil {
			if !errors.Is(err, usb.ErrCancelled) {
				s.perr = err
			}
			return
		}
		// Re-submit before dispatching, and publish the new transfer under
		// the same lock power-down takes, so it is always the one cancelled.
		s.mu.Lock()
		if s.stopped {
			s.mu.Unlock()
			return
		}
		tr, err = s.r.t.Submit(epInterrupt, 64, nil)
		s.pump = tr
		s.mu.Unlock()
		if err != nil {
			s.perr = err
			return
		}
		if len(b) != 0 && len(b) != 64 {
			s.perr = fmt.Errorf("%w: interrupt message of %d bytes", device.ErrProtocol, len(b))
			tr.Cancel()
			return
		}
		if len(b) == 64 {
			select {
			case s.msgs <- binary.BigEndian.Uint16(b[0:2]):
			default: // nobody listens: dropped, as the protocol allows
			}
		}
	}
}

// powerDown writes MODE=off and stops the pump, even after cancellation.
func (s *session) powerDown() error {
	ctx, cancel := context.WithTimeout(context.Background(), controlTimeout)
	defer cancel()
	err := s.writeReg(ctx, regMode, modeOff)
	s.mu.Lock()
	s.stopped = true
	pending := s.pump
	s.mu.Unlock()
	if pending != nil {
		pending.Cancel()
	}
	<-s.done
	return err
}

// drain discards queued messages: nobody was listening for them.
func (s *session) drain() {
	for {
		select {
		case <-s.msgs:
		default:
			return
		}
	}
}

// next waits for the next interrupt message.
func (s *session) next(ctx context.Context, timeout <-chan time.Time) (uint16, error) {
	select {
	case m := <-s.msgs:
		return m, nil
	case <-s.done:
		if s.perr != nil {
			return 0, s.perr
		}
		return 0, fmt.Errorf("%w: the interrupt endpoint stopped", usb.ErrGone)
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-timeout:
		return 0, errTimedOut
	}
}

var errTimedOut = errors.New("timed out")

func (s *session) readReg(ctx context.Context, reg uint16, n int) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, controlTimeout)
	defer cancel()
	b := make([]byte, n)
	got, err := s.r.t.Control(ctx, usb.Setup{RequestType: 0xc0, Request: reqRegister, Value: reg}, b)
	if err != nil {
		return nil, err
	}
	if got != n {
		return nil, fmt.Errorf("%w: register %#x: %d of %d bytes", usb.ErrShort, reg, got, n)
	}
	return b, nil
}

func (s *session) writeReg(ctx context.Context, reg uint16, data ...byte) error {
	ctx, cancel := context.WithTimeout(ctx, controlTimeout)
	defer cancel()
	got, err := s.r.t.Control(ctx, usb.Setup{RequestType: 0x40, Request: reqRegister, Value: reg}, data)
	if err != nil {
		return err
	}
	if got != len(data) {
		return fmt.Errorf("%w: register %#x: wrote %d of %d bytes", usb.ErrShort, reg, got, len(data))
	}
	return nil
}

// activate powers the sensor up and waits for scan power (readers.md §2.4).
func (s *session) activate(ctx context.Context) error {
	for tries := 0; ; {
		b, err := s.readReg(ctx, regHWStat, 1)
		if err != nil {
			return err
		}
		h := b[0]
		if h&0x84 == 0x84 {
			if h, err = s.reboot(ctx, h); err != nil {
				return err
			}
		}
		if h&0x80 == 0 {
			if err := s.writeReg(ctx, regHWStat, h|0x80); err != nil {
				return err
			}
		}
		s.drain() // arm the scan-power watcher
		if err := s.powerUp(ctx, h&0x0f); err != nil {
			return err
		}
		if err := s.awaitScanPower(ctx); err == nil {
			break
		} else if !errors.Is(err, errTimedOut) {
			return err
		}
		if tries++; tries >= 3 {
			return fmt.Errorf("%w: power-up timed out 3 times", device.ErrTimeout)
		}
	}
	info, err := s.readReg(ctx, regDeviceInfo, 16)
	if err != nil {
		return err
	}
	s.r.log.Debug("uru4000 ready", "versions", fmt.Sprintf("%02x%02x %02x%02x", info[10], info[11], info[4], info[5]))
	return nil
}

// reboot recovers a confused sensor (HWSTAT bits 7 and 2).
func (s *session) reboot(ctx context.Context, h byte) (byte, error) {
	if err := s.writeReg(ctx, regHWStat, h&0x0f); err != nil {
		return 0, err
	}
	for range 100 {
		b, err := s.readReg(ctx, regHWStat, 1)
		if err != nil {
			return 0, err
		}
		if b[0]&0x01 != 0 {
			return b[0], nil
		}
		if err := device.Sleep(ctx, 10*time.Millisecond); err != nil {
			return 0, err
		}
	}
	return 0, fmt.Errorf("%w: could not reboot the sensor", device.ErrTimeout)
}

func (s *session) powerUp(ctx context.Context, target byte) error {
	for n := 100; ; {
		if err := s.writeReg(ctx, regHWStat, target); err != nil {
			return err
		}
		b, err := s.readReg(ctx, regHWStat, 1)
		if err != nil {
			return err
		}
		if b[0]&0x80 == 0 {
			return nil
		}
		if n--; n == 0 {
			return fmt.Errorf("%w: could not power up", device.ErrTimeout)
		}
		if err := device.Sleep(ctx, 10*time.Millisecond); err != nil {
			return err
		}
		if s.r.p.Auth {
			if err := s.answerChallenge(ctx); err != nil {
				return err
			}
		}
	}
}

// answerChallenge authenticates the driver to a Microsoft v2 reader (§2.10).
func (s *session) answerChallenge(ctx context.Context) error {
	c, err := s.readReg(ctx, regChallenge, 16)
	if err != nil {
		return err
	}
	block, _ := aes.NewCipher(authKey[:])
	resp := make([]byte, 16)
	block.Encrypt(resp, c)
	return s.writeReg(ctx, regResponse, resp...)
}

func (s *session) awaitScanPower(ctx context.Context) error {
	t := time.NewTimer(scanPowerWait)
	defer t.Stop()
	for {
		m, err := s.next(ctx, t.C)
		if err != nil {
			return err
		}
		if m == msgScanPower {
			return nil
		}
	}
}

// await writes mode and waits for want (readers.md §2.5 steps 1 and 3).
func (s *session) await(ctx context.Context, mode byte, want uint16, ev device.EventKind) error {
	s.drain()
	if err := s.writeReg(ctx, regMode, mode); err != nil {
		return err
	}
	if ev >= 0 {
		s.emit(ev)
	}
	for {
		m, err := s.next(ctx, nil)
		if err != nil {
			return err
		}
		switch m {
		case want:
			return nil
		case msgScanPower, msgFingerOn, msgFingerOff:
		case msgDeath:
			s.r.log.Warn("uru4000: the sensor warns that the next scan will probably fail")
		default:
			s.r.log.Warn("uru4000: unexpected interrupt message", "type", fmt.Sprintf("%#04x", m))
		}
	}
}

// capture reads one image (readers.md §2.5 step 2) and decodes it.
func (s *session) capture(ctx context.Context) (*image.Gray, error) {
	seed := s.r.rand()
	s.emit(device.Capturing)
	tr, err := s.r.t.Submit(epImage, imageBytes, nil)
	if err != nil {
		return nil, err
	}
	if err := s.writeReg(ctx, regMode, modeCapture); err != nil {
		tr.Cancel()
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		raw, err := tr.Wait(ctx)
		if err != nil {
			return nil, err
		}
		img, err := Decode(raw, s.r.p.Rotate, seed, s.r.rand, func(keyNum uint8, seed uint32) (uint32, error) {
			return s.keyExchange(ctx, keyNum, seed)
		})
		if !errors.Is(err, errBadHeader) {
			return img, err
		}
		if attempt >= 3 {
			return nil, fmt.Errorf("%w: %w", device.ErrProtocol, err)
		}
		s.r.log.Debug("uru4000: bad image header; reading again", "error", err)
		if tr, err = s.r.t.Submit(epImage, imageBytes, nil); err != nil {
			return nil, err
		}
	}
}

// keyExchange writes the key number and seed and returns the initial
// keystream state R XOR seed (readers.md §2.7).
func (s *session) keyExchange(ctx context.Context, keyNum uint8, seed uint32) (uint32, error) {
	if err := s.writeReg(ctx, regScrambleIx, keyNum, byte(seed), byte(seed>>8), byte(seed>>16), byte(seed>>24)); err != nil {
		return 0, err
	}
	b, err := s.readReg(ctx, regScrambleK, 4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b) ^ seed, nil
}

// cryptoSeed draws a uniform seed in [0, 2³¹−2].
func cryptoSeed() uint32 {
	var b [4]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			panic("uru4000: no randomness: " + err.Error())
		}
		if v := binary.LittleEndian.Uint32(b[:]) & 0x7fffffff; v < 0x7fffffff {
			return v
		}
	}
}

var _ device.Reader = (*Reader)(nil)
