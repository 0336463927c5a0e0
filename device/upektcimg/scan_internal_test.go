package upektcimg

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

// coprocessor is a scripted UPEK coprocessor: it takes every write and
// answers reads from a queue of messages, each in a 64-byte head and the
// rest, as the real one sends them.
type coprocessor struct {
	mu     sync.Mutex
	reads  [][]byte
	writes [][]byte
}

func (c *coprocessor) queue(msgs ...[]byte) {
	for _, m := range msgs {
		if len(m) <= shortResponse {
			c.reads = append(c.reads, m)
			continue
		}
		c.reads = append(c.reads, m[:shortResponse], m[shortResponse:])
	}
}

func (c *coprocessor) Control(context.Context, usb.Setup, []byte) (int, error) { return 1, nil }
func (c *coprocessor) Close() error                                            { return nil }
func (c *coprocessor) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ep&0x80 == 0 {
		c.writes = append(c.writes, append([]byte(nil), data...))
		return answer(nil), nil
	}
	if len(c.reads) == 0 {
		return answer(append([]byte(nil), bareReply()...)), nil
	}
	m := c.reads[0]
	c.reads = c.reads[1:]
	return answer(m), nil
}

type answer []byte

func (a answer) Wait(context.Context) ([]byte, error) { return a, nil }
func (answer) Cancel()                                {}

// message builds a coprocessor message of the given type and payload.
func message(typ byte, payload []byte) []byte {
	body := append([]byte{typ, byte(len(payload) >> 8), byte(len(payload))}, payload...)
	return command(body, 0)
}

func bareReply() []byte { return message(0x01, nil) }

func status(st byte) []byte {
	p := make([]byte, 20)
	p[0], p[11] = replyScan, st // byte 18 of the message
	return message(typeData, p)
}

func getInfo(flags byte, w, h int) []byte {
	p := make([]byte, 50)
	p[0], p[5], p[6], p[42] = replyScan, getInfoLo, getInfoHi, flags
	p[43], p[44], p[45], p[46] = byte(w), byte(w>>8), byte(h), byte(h>>8)
	return message(typeData, p)
}

func frame(kind byte, px []byte) []byte {
	p := []byte{kind}
	if kind == frameFirst {
		p = append(p, make([]byte, 10)...)
	}
	p = append(p, px...)
	if kind == frameLast {
		p = append(p, make([]byte, 4)...)
	}
	return message(typeData, p)
}

// A swipe the coprocessor rejects is started again: the person swipes
// again and gets an image, without an error.
func TestRejectedSwipeScansAgain(t *testing.T) {
	const w, h = 144, 384
	want := make([]byte, w*h)
	for i := range want {
		want[i] = byte(i % 251)
	}
	c := &coprocessor{}
	c.queue(bareReply(), bareReply(), bareReply(), bareReply(), bareReply(), getInfo(0xe4, 192, 512))
	c.queue(status(statusNoFinger), status(statusFingerOn), status(statusTooShort), status(statusNoFinger))
	c.queue(status(statusFingerOn), frame(frameFirst, want[:2032]))
	rest := want[2032:]
	for len(rest) > 172 {
		c.queue(frame(frameMore, rest[:2042]))
		rest = rest[2042:]
	}
	c.queue(frame(frameLast, rest))

	r, err := Open(c, 0x147e, 0x2016, Options{})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan device.Event, 16)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, events)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s.Image.Pix, want) || s.Image.Rect.Dx() != w {
		t.Error("the image is not the frames' pixels in order")
	}
	starts := 0
	for _, wr := range c.writes {
		if len(wr) > 16 && wr[7] == replyScan && wr[12] == 0x0e {
			starts++
		}
	}
	if starts != 2 {
		t.Errorf("%d scans started, want 2", starts)
	}
	if last := c.writes[len(c.writes)-1]; last[4] != 0x07 {
		t.Errorf("last write % x, want deinit", last)
	}
	close(events)
	var got []device.EventKind
	for e := range events {
		got = append(got, e.Kind)
	}
	wantEv := []device.EventKind{device.WaitingForFinger, device.FingerOn, device.FingerOff,
		device.WaitingForFinger, device.FingerOn, device.Capturing, device.FingerOff}
	if len(got) != len(wantEv) {
		t.Fatalf("events %v, want %v", got, wantEv)
	}
	for i := range got {
		if got[i] != wantEv[i] {
			t.Fatalf("events %v, want %v", got, wantEv)
		}
	}
}

// A coprocessor that sends more image than its sensor has is refused
// before the buffer grows.
func TestTooMuchImageIsAProtocolError(t *testing.T) {
	c := &coprocessor{}
	c.queue(bareReply(), bareReply(), bareReply(), bareReply(), bareReply(), getInfo(0xe4, 144, 512))
	c.queue(status(statusFingerOn))
	for range 30 { // 30 × 2042 bytes for a 108 × 384 image (41 472)
		c.queue(frame(frameMore, make([]byte, 2042)))
	}
	r, _ := Open(c, 0x147e, 0x2020, Options{})
	_, err := r.Capture(context.Background(), nil)
	if err == nil || !errors.Is(err, device.ErrProtocol) {
		t.Errorf("err = %v, want ErrProtocol", err)
	}
}

// Garbage is refused at once, not after waiting for a rest it seems to
// announce.
func TestGarbageIsRefusedWithoutReadingOn(t *testing.T) {
	c := &coprocessor{}
	c.queue(bytes.Repeat([]byte{0xff}, shortResponse), status(statusNoFinger))
	s := &session{r: &Reader{t: c}}
	if _, err := s.message(context.Background(), transferTimeout); !errors.Is(err, device.ErrProtocol) {
		t.Fatalf("err = %v, want ErrProtocol", err)
	}
	if m, err := s.message(context.Background(), transferTimeout); err != nil || !bytes.Equal(m, status(statusNoFinger)) {
		t.Errorf("the message after the garbage: % x, %v; want the status", m, err)
	}
}
