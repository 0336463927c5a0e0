package usb

import (
	"bytes"
	"context"
	"fmt"
	"sync"
)

// TreeReplay plays back a umockdev .ioctl log the way umockdev itself does,
// for logs that are trees rather than transcripts. umockdev-record merges an
// OUT transfer equal to one already logged into the earlier line and hangs
// the replies under it, so a reader activated three times leaves one "send
// 0x01" line followed by all twelve of its replies. umockdev replays such a
// log by searching, for each submitted transfer, forward from the line it
// last matched, in file order, wrapping around at the end, for the first
// line with the same type, endpoint and length (and, for OUT, the same
// bytes); the transfer then completes at once with that line's outcome.
// The strict in-order Replay cannot follow such a log; TreeReplay follows
// it exactly as libfprint's own test did.
//
// Transfers complete at submission, one at a time, as under umockdev.
// Control transfers are not in .ioctl logs and fail as a divergence.
type TreeReplay struct {
	mu      sync.Mutex
	lines   []treeLine
	last    int // index of the line last matched; -1 before the first
	epTypes map[uint8]uint8
	closed  bool
}

// treeLine is one URB line of the log: its submission and its completion.
type treeLine struct {
	s, c Record
	used bool
}

// NewTreeReplay returns a replay of the records ReadIoctl made of a log, S
// and C in pairs. epTypes gives each endpoint's transfer type (usbmon
// encoding); missing endpoints are bulk.
func NewTreeReplay(recs []Record, epTypes map[uint8]uint8) *TreeReplay {
	r := &TreeReplay{last: -1, epTypes: epTypes}
	for i := 0; i+1 < len(recs); i += 2 {
		r.lines = append(r.lines, treeLine{s: recs[i], c: recs[i+1]})
	}
	return r
}

// Control implements Transport: .ioctl logs hold no control transfers.
func (r *TreeReplay) Control(ctx context.Context, s Setup, data []byte) (int, error) {
	u := &urb{typ: TypeControl, length: len(data), control: true}
	u.setup = [8]byte{s.RequestType, s.Request}
	return 0, r.divergence(u)
}

// Submit implements Transport: the transfer matches its line and completes.
func (r *TreeReplay) Submit(ep uint8, n int, data []byte) (Transfer, error) {
	typ, ok := r.epTypes[ep]
	if !ok {
		typ = TypeBulk
	}
	u := &urb{typ: typ, ep: ep, length: n}
	if ep&0x80 == 0 {
		u.data, u.length = append([]byte(nil), data...), len(data)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrGone
	}
	i := r.find(u)
	if i < 0 {
		return doneTransfer{err: r.divergenceLocked(u)}, nil
	}
	r.last, r.lines[i].used = i, true
	c := r.lines[i].c
	switch c.Status {
	case 0:
		if ep&0x80 == 0 {
			return doneTransfer{}, nil
		}
		b := make([]byte, c.Length)
		copy(b, c.Data)
		return doneTransfer{data: b}, nil
	case -2:
		return doneTransfer{err: ErrCancelled}, nil
	case -32:
		return doneTransfer{err: ErrStall}, nil
	case -19, -108:
		return doneTransfer{err: ErrGone}, nil
	case -110:
		return doneTransfer{err: ErrTimeout}, nil
	}
	return doneTransfer{err: fmt.Errorf("usb: transfer failed with status %d", c.Status)}, nil
}

// find returns the first line after the last match, wrapping around, that
// u matches; -1 if none does. The caller holds r.mu.
func (r *TreeReplay) find(u *urb) int {
	for k := range r.lines {
		i := (r.last + 1 + k) % len(r.lines)
		s := r.lines[i].s
		if s.Type != u.typ || s.Endpoint != u.ep || s.Length != u.length {
			continue
		}
		if u.ep&0x80 == 0 && !bytes.Equal(s.Data, u.data) {
			continue
		}
		return i
	}
	return -1
}

func (r *TreeReplay) divergence(u *urb) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.divergenceLocked(u)
}

func (r *TreeReplay) divergenceLocked(u *urb) error {
	e := &DivergenceError{Driver: []string{u.String()}}
	if len(r.lines) > 0 {
		next := r.lines[(r.last+1)%len(r.lines)].s
		e.Next = &next
	}
	return e
}

// Close ends the replay; later submissions fail as ErrGone.
func (r *TreeReplay) Close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	return nil
}

// Matched returns how many lines of the log the driver's transfers matched.
func (r *TreeReplay) Matched() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, l := range r.lines {
		if l.used {
			n++
		}
	}
	return n
}

// Remaining returns the submission records of the lines no transfer
// matched. In a tree log these include the replies umockdev-record merged
// from earlier sessions, which no single session consumes.
func (r *TreeReplay) Remaining() []Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Record
	for _, l := range r.lines {
		if !l.used {
			out = append(out, l.s)
		}
	}
	return out
}

// doneTransfer is a transfer that completed when it was submitted.
type doneTransfer struct {
	data []byte
	err  error
}

func (d doneTransfer) Wait(ctx context.Context) ([]byte, error) { return d.data, d.err }
func (doneTransfer) Cancel()                                    {}

var _ Transport = (*TreeReplay)(nil)
