package uru4000_test

import (
	"bytes"
	"context"
	"crypto/aes"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/uru4000"
	"aalogon/device/usb"
)

// fakeURU models a U.are.U 4500 well enough to script faults: registers,
// interrupt messages in answer to mode changes, and one unscrambled image.
type fakeURU struct {
	mu      sync.Mutex
	hwstat  byte
	mode    byte
	queue   []uint16
	intr    []*fakeTransfer
	bulk    *fakeTransfer
	writes  []string
	gone    bool
	pending int

	finger       bool   // a finger arrives when MODE=10
	unplugOnMode byte   // the device disappears when this mode is written
	shortImage   bool   // the image transfer is cut short
	stallImage   bool   // the image transfer never completes
	garbage      bool   // the finger-on message is 7 bytes long
	noise        uint16 // an unknown message sent before finger-on
}

type fakeTransfer struct {
	dev  *fakeURU
	done chan struct{}
	data []byte
	err  error
}

func (t *fakeTransfer) complete(data []byte, err error) {
	select {
	case <-t.done:
		return
	default:
	}
	t.data, t.err = data, err
	t.dev.pending--
	close(t.done)
}

func (t *fakeTransfer) Wait(ctx context.Context) ([]byte, error) {
	select {
	case <-t.done:
		return t.data, t.err
	case <-ctx.Done():
		t.Cancel()
		<-t.done
		return nil, fmt.Errorf("%w: %w", usb.ErrCancelled, ctx.Err())
	}
}

func (t *fakeTransfer) Cancel() {
	t.dev.mu.Lock()
	defer t.dev.mu.Unlock()
	t.complete(nil, usb.ErrCancelled)
}

func (d *fakeURU) send(msg uint16) {
	d.queue = append(d.queue, msg)
	d.deliver()
}

// deliver hands queued messages to pending interrupt reads. Holds d.mu.
func (d *fakeURU) deliver() {
	for len(d.queue) > 0 && len(d.intr) > 0 {
		t := d.intr[0]
		d.intr = d.intr[1:]
		select {
		case <-t.done:
			continue // cancelled
		default:
		}
		b := make([]byte, 64)
		if d.garbage && d.queue[0] == 0x0101 {
			b = b[:7]
		}
		binary.BigEndian.PutUint16(b, d.queue[0])
		d.queue = d.queue[1:]
		t.complete(b, nil)
	}
}

func (d *fakeURU) unplug() {
	d.gone = true
	for _, t := range d.intr {
		t.complete(nil, usb.ErrGone)
	}
	if d.bulk != nil {
		d.bulk.complete(nil, usb.ErrGone)
	}
}

func (d *fakeURU) Control(ctx context.Context, s usb.Setup, data []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.gone {
		return 0, usb.ErrGone
	}
	if s.In() {
		switch s.Value {
		case 0x07:
			data[0] = d.hwstat
		default:
			clear(data)
		}
		return len(data), nil
	}
	switch s.Value {
	case 0x07:
		d.hwstat = data[0]
		if data[0]&0x80 == 0 {
			d.send(0x56aa)
		}
	case 0x4e:
		d.mode = data[0]
		d.writes = append(d.writes, fmt.Sprintf("MODE=%02x", data[0]))
		if d.unplugOnMode != 0 && data[0] == d.unplugOnMode {
			d.unplug()
			return 0, usb.ErrGone
		}
		switch data[0] {
		case 0x10:
			if d.noise != 0 {
				d.send(d.noise)
			}
			if d.finger {
				d.send(0x0101)
			}
		case 0x12:
			d.send(0x0200)
		case 0x20:
			d.releaseImage()
		}
	}
	return len(data), nil
}

// releaseImage completes the image transfer with a flat, unscrambled image.
func (d *fakeURU) releaseImage() {
	if d.bulk == nil || d.stallImage {
		return
	}
	const lines = 289
	b := make([]byte, 64+384*lines)
	binary.LittleEndian.PutUint16(b[4:], lines)
	b[16], b[17], b[18], b[19] = 0x00, 200, 0x00, lines-200 // two blocks, present, not scrambled
	for i := 64; i < len(b); i++ {
		b[i] = 100
	}
	if d.shortImage {
		b = b[:64+384*10]
	}
	t := d.bulk
	d.bulk = nil
	t.complete(b, nil)
}

func (d *fakeURU) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.gone {
		return nil, usb.ErrGone
	}
	t := &fakeTransfer{dev: d, done: make(chan struct{})}
	d.pending++
	switch ep {
	case 0x81:
		d.intr = append(d.intr, t)
		d.deliver()
	case 0x82:
		d.bulk = t
		if d.mode == 0x20 {
			d.releaseImage()
		}
	}
	return t, nil
}

func (d *fakeURU) Close() error { return nil }

func (d *fakeURU) state() (writes string, pending int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.Join(d.writes, " "), d.pending
}

func capture(t *testing.T, d *fakeURU, ctx context.Context) (*device.Sample, error) {
	t.Helper()
	r, err := uru4000.Open(d, 0x05ba, 0x000a, uru4000.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r.Capture(ctx, nil)
}

// noLeak fails if goroutines started by the test are still running.
func noLeak(t *testing.T, before int) {
	t.Helper()
	for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left behind", n-before)
	}
}

func TestFakeDeviceCapture(t *testing.T) {
	d := &fakeURU{hwstat: 0x01, finger: true, noise: 0x1234}
	s, err := capture(t, d, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Image.Rect.Dx() != 384 || s.Image.Rect.Dy() != 290 || s.Image.Pix[384*150] != 255-100 {
		t.Errorf("image %v, pixel %d", s.Image.Rect, s.Image.Pix[384*150])
	}
	if w, p := d.state(); w != "MODE=10 MODE=20 MODE=12 MODE=70" || p != 0 {
		t.Errorf("writes %q, %d transfers pending; want the four modes and none", w, p)
	}
}

func TestCancelWhileWaitingForFingerPowersDown(t *testing.T) {
	before := runtime.NumGoroutine()
	d := &fakeURU{hwstat: 0x01}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := capture(t, d, ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if w, p := d.state(); !strings.HasSuffix(w, "MODE=70") || p != 0 {
		t.Errorf("writes %q, %d pending; want the sensor powered down (MODE=70) and nothing pending", w, p)
	}
	noLeak(t, before)
}

func TestFaults(t *testing.T) {
	cases := []struct {
		name string
		dev  *fakeURU
		want error
	}{
		{"unplugged during capture", &fakeURU{hwstat: 0x01, finger: true, unplugOnMode: 0x20}, device.ErrUnplugged},
		{"image cut short", &fakeURU{hwstat: 0x01, finger: true, shortImage: true}, device.ErrProtocol},
		{"garbage interrupt message", &fakeURU{hwstat: 0x01, finger: true, garbage: true}, device.ErrProtocol},
		{"stalled image transfer", &fakeURU{hwstat: 0x01, finger: true, stallImage: true}, context.DeadlineExceeded},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			_, err := capture(t, tc.dev, ctx)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if msg := device.Message(err); msg == device.Message(errors.New("x")) && tc.want != context.DeadlineExceeded {
				t.Errorf("no specific message for %v", err)
			}
			if _, p := tc.dev.state(); p != 0 {
				t.Errorf("%d transfers left pending", p)
			}
			noLeak(t, before)
		})
	}
}

func TestScanPowerTimesOutThreeTimes(t *testing.T) {
	d := &fakeURU{hwstat: 0x01}
	// A sensor that never reports scan power: writes that clear bit 7 send
	// nothing.
	dd := &silentPower{fakeURU: d}
	r, _ := uru4000.Open(dd, 0x05ba, 0x000a, uru4000.Options{})
	_, err := r.Capture(context.Background(), nil)
	if !errors.Is(err, device.ErrTimeout) || !strings.Contains(err.Error(), "3 times") {
		t.Fatalf("err = %v, want power-up timed out 3 times", err)
	}
}

// silentPower is a fakeURU that never sends the scan-power message.
type silentPower struct{ *fakeURU }

func (s *silentPower) Control(ctx context.Context, st usb.Setup, data []byte) (int, error) {
	if !st.In() && st.Value == 0x07 {
		s.mu.Lock()
		s.hwstat = data[0]
		s.mu.Unlock()
		return len(data), nil
	}
	return s.fakeURU.Control(ctx, st, data)
}

// authURU is a Microsoft v2 reader (045e:00ca): it stays in low power until
// the driver writes AES-128(key, challenge) to register 0x2000.
type authURU struct {
	*fakeURU
	challenge [16]byte
	answered  bool
}

func (a *authURU) Control(ctx context.Context, st usb.Setup, data []byte) (int, error) {
	switch {
	case st.In() && st.Value == 0x2010:
		return copy(data, a.challenge[:]), nil
	case !st.In() && st.Value == 0x2000:
		block, _ := aes.NewCipher([]byte{0x79, 0xac, 0x91, 0x79, 0x5c, 0xa1, 0x47, 0x8e, 0x98, 0xe0, 0x0f, 0x3c, 0x59, 0x8f, 0x5f, 0x4b})
		want := make([]byte, 16)
		block.Encrypt(want, a.challenge[:])
		a.answered = bytes.Equal(want, data)
		return len(data), nil
	case !st.In() && st.Value == 0x07 && !a.answered:
		a.mu.Lock()
		a.hwstat = data[0] | 0x80 // refuses to leave low power
		a.mu.Unlock()
		return len(data), nil
	}
	return a.fakeURU.Control(ctx, st, data)
}

func TestMicrosoftV2ChallengeResponse(t *testing.T) {
	d := &authURU{fakeURU: &fakeURU{hwstat: 0x01, finger: true}}
	copy(d.challenge[:], "0123456789abcdef")
	r, err := uru4000.Open(d, 0x045e, 0x00ca, uru4000.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Capture(context.Background(), nil); err != nil {
		t.Fatalf("capture: %v", err)
	}
	if !d.answered {
		t.Error("the driver never wrote the right AES answer")
	}
	// The same device without the challenge-response (another id) never
	// powers up.
	d2 := &authURU{fakeURU: &fakeURU{hwstat: 0x01, finger: true}}
	r2, _ := uru4000.Open(d2, 0x045e, 0x00bd, uru4000.Options{})
	if _, err := r2.Capture(context.Background(), nil); !errors.Is(err, device.ErrTimeout) {
		t.Errorf("045e:00bd on a challenging sensor: %v, want a power-up timeout", err)
	}
}
