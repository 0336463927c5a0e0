package usb

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
)

// TreeReplay is a Transport that plays back a umockdev .ioctl recording the
// way umockdev-run itself does, for recordings that Replay's strict order
// cannot follow. umockdev's recorder keeps each distinct transfer once (a
// driver that writes the same registers twice meets one line) and files a
// transfer under the line it followed, so the lines are neither complete
// nor in time order. umockdev matches each submitted transfer against the
// lines by type, endpoint, length and, going out, data, searching forward
// from the last match and wrapping round to the start; TreeReplay does the
// same and completes the transfer with that line's outcome.
//
// libfprint's AES3500 recording (usb-recordings/aes3500) needs it: libfprint
// writes `80 00` six times during activation, the recording holds it once.
type TreeReplay struct {
	mu      sync.Mutex
	lines   []Record // the S records; line i's outcome is outcomes[i]
	outcome []Record
	used    []bool
	last    int // index of the last matched line; -1 before the first
	epTypes map[uint8]uint8
	waiting []*treeTransfer // interrupt reads that matched no line
	closed  bool
}

// NewTreeReplay returns a replay of recs, as ParseIoctl gives them, with
// epTypes giving each endpoint's type (missing: bulk).
func NewTreeReplay(recs []Record, epTypes map[uint8]uint8) *TreeReplay {
	r := &TreeReplay{last: -1, epTypes: epTypes}
	for i := 0; i+1 < len(recs); i += 2 {
		r.lines = append(r.lines, recs[i])
		r.outcome = append(r.outcome, recs[i+1])
	}
	r.used = make([]bool, len(r.lines))
	return r
}

// OpenTreeRecording opens a recording folder holding a umockdev `device`
// file and `capture.ioctl` for a TreeReplay.
func OpenTreeRecording(dir string) (*TreeReplay, *DeviceFile, error) {
	dev, err := ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		return nil, nil, err
	}
	recs, err := ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		return nil, nil, err
	}
	return NewTreeReplay(recs, dev.EndpointTypes), dev, nil
}

// Control implements Transport: .ioctl recordings hold no control
// transfers, so every one is a divergence.
func (r *TreeReplay) Control(ctx context.Context, s Setup, data []byte) (int, error) {
	return 0, &DivergenceError{Driver: []string{fmt.Sprintf("control setup %02x %02x %04x %04x len %d",
		s.RequestType, s.Request, s.Value, s.Index, len(data))}}
}

// Submit implements Transport. A transfer that matches a line is complete
// at once; one that matches none fails with a DivergenceError, except an
// interrupt read, which waits (as a real sensor with nothing to report)
// until it is cancelled.
func (r *TreeReplay) Submit(ep uint8, n int, data []byte) (Transfer, error) {
	typ, ok := r.epTypes[ep]
	if !ok {
		typ = TypeBulk
	}
	t := &treeTransfer{done: make(chan struct{})}
	if ep&0x80 == 0 {
		n = len(data)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrGone
	}
	i := r.find(typ, ep, n, data)
	switch {
	case i >= 0:
		r.used[i], r.last = true, i
		t.finish(r.result(ep, r.outcome[i]))
	case typ != TypeInterrupt:
		u := urb{typ: typ, ep: ep, length: n, data: data}
		var next *Record
		if j := r.last + 1; j < len(r.lines) {
			next = &r.lines[j]
		}
		t.finish(nil, &DivergenceError{Next: next, Driver: []string{u.String()}})
	default:
		r.waiting = append(r.waiting, t)
	}
	return t, nil
}

// find returns the first line after the last match, wrapping round, that
// the transfer matches; -1 if none does.
func (r *TreeReplay) find(typ, ep uint8, n int, data []byte) int {
	for k := range r.lines {
		i := (r.last + 1 + k) % len(r.lines)
		l := r.lines[i]
		if l.Type != typ || l.Endpoint != ep || l.Length != n {
			continue
		}
		if ep&0x80 == 0 && !bytes.Equal(l.Data, data) {
			continue
		}
		return i
	}
	return -1
}

// result is a line's outcome as a transfer sees it.
func (r *TreeReplay) result(ep uint8, c Record) ([]byte, error) {
	switch c.Status {
	case 0:
		if ep&0x80 == 0 {
			return nil, nil
		}
		b := make([]byte, c.Length)
		copy(b, c.Data)
		return b, nil
	case -2:
		return nil, ErrCancelled
	case -32:
		return nil, ErrStall
	case -19, -108:
		return nil, ErrGone
	case -110:
		return nil, ErrTimeout
	}
	return nil, fmt.Errorf("usb: transfer failed with status %d", c.Status)
}

// Close implements Transport: waiting interrupt reads are cancelled, and
// transfers submitted afterwards fail with ErrGone.
func (r *TreeReplay) Close() error {
	r.mu.Lock()
	r.closed = true
	waiting := r.waiting
	r.waiting = nil
	r.mu.Unlock()
	for _, t := range waiting {
		t.Cancel()
	}
	return nil
}

// Remaining returns the lines no transfer has matched yet.
func (r *TreeReplay) Remaining() []Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Record
	for i, l := range r.lines {
		if !r.used[i] {
			out = append(out, l)
		}
	}
	return out
}

type treeTransfer struct {
	once sync.Once
	done chan struct{}
	data []byte
	err  error
}

func (t *treeTransfer) finish(b []byte, err error) {
	t.once.Do(func() {
		t.data, t.err = b, err
		close(t.done)
	})
}

func (t *treeTransfer) Wait(ctx context.Context) ([]byte, error) {
	select {
	case <-t.done:
		return t.data, t.err
	case <-ctx.Done():
		t.finish(nil, fmt.Errorf("%w: %w", ErrCancelled, ctx.Err()))
		return t.data, t.err
	}
}

func (t *treeTransfer) Cancel() { t.finish(nil, ErrCancelled) }

var _ Transport = (*TreeReplay)(nil)
