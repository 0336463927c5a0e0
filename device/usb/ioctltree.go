package usb

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"time"
)

// TreeReplay plays back a umockdev .ioctl log the way umockdev-run does,
// for logs that Replay's strict order cannot follow.
//
// umockdev-record writes its log as a tree, in file order, and leaves out a
// command it already holds: a command the driver sends again is written
// once, and the replies to every sending are written under it (as
// libfprint's VFS5011 and VFS0050 logs show). umockdev-run answers each
// submitted URB with the first URB of the log, searching forward from the
// one it matched last and wrapping round, that has the same type, endpoint
// and buffer length and, for OUT, the same bytes. A driver that repeats a
// command is thus answered as long as it sends what the recorded driver
// sent; Replay's strict order would stop at the repeat.
//
// A command sent twice that got two different replies has both written
// under it; umockdev-run, and TreeReplay, give the first one both times. The
// second is then never given: Remaining lists it. (libfprint's VFS0050 log
// was edited by hand to rely on exactly this order, so a replay that gave
// the second reply instead would not follow it.)
type TreeReplay struct {
	mu      sync.Mutex
	urbs    []treeURB
	last    int // index of the URB matched last; -1 before the first
	epTypes map[uint8]uint8
	stall   time.Duration
	closed  bool
	waiting map[*treeTransfer]bool
}

type treeURB struct {
	submit, complete Record
	used             bool
}

// OpenIoctlTree opens a recording folder whose traffic is `capture.ioctl`
// as a TreeReplay.
func OpenIoctlTree(dir string) (*TreeReplay, *DeviceFile, error) {
	dev, err := ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		return nil, nil, err
	}
	recs, err := ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		return nil, nil, err
	}
	return NewTreeReplay(recs, ReplayOptions{EndpointTypes: dev.EndpointTypes}), dev, nil
}

// NewTreeReplay returns a tree replay of recs, the S and C pairs ReadIoctl
// gives. opts.Bus and opts.Dev are ignored: a log holds one device.
func NewTreeReplay(recs []Record, opts ReplayOptions) *TreeReplay {
	if opts.Stall == 0 {
		opts.Stall = 2 * time.Second
	}
	r := &TreeReplay{last: -1, epTypes: opts.EndpointTypes, stall: opts.Stall, waiting: map[*treeTransfer]bool{}}
	for i := 0; i+1 < len(recs); i += 2 {
		r.urbs = append(r.urbs, treeURB{submit: recs[i], complete: recs[i+1]})
	}
	return r
}

// Control implements Transport: an .ioctl log holds no control transfers.
func (r *TreeReplay) Control(ctx context.Context, s Setup, data []byte) (int, error) {
	return 0, fmt.Errorf("usb: control transfer %#02x %#02x: an .ioctl log cannot replay control transfers: %w",
		s.RequestType, s.Request, ErrTimeout)
}

// Submit implements Transport. A transfer the log has no answer for waits:
// an interrupt read until it is cancelled, anything else until the stall
// time passes, then it fails with a DivergenceError.
func (r *TreeReplay) Submit(ep uint8, n int, data []byte) (Transfer, error) {
	typ, ok := r.epTypes[ep]
	if !ok {
		typ = TypeBulk
	}
	u := &urb{typ: typ, ep: ep, length: n, done: make(chan struct{})}
	if ep&0x80 == 0 {
		u.data = append([]byte(nil), data...)
		u.length = len(data)
	}
	t := &treeTransfer{r: r, u: u}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrGone
	}
	if i := r.find(u); i >= 0 {
		r.last = i
		r.urbs[i].used = true
		rec := r.urbs[i].complete
		u.err = statusError(rec.Status)
		if u.err == nil && ep&0x80 != 0 {
			u.result = make([]byte, rec.Length)
			copy(u.result, rec.Data)
		}
		close(u.done)
		return t, nil
	}
	r.waiting[t] = true
	return t, nil
}

// find returns the index of the URB that answers u, or -1: searching
// forward from the URB matched last and wrapping round, the first that
// matches.
func (r *TreeReplay) find(u *urb) int {
	for k := 1; k <= len(r.urbs); k++ {
		if i := (r.last + k) % len(r.urbs); r.matches(i, u) {
			return i
		}
	}
	return -1
}

func (r *TreeReplay) matches(i int, u *urb) bool {
	s := r.urbs[i].submit
	if s.Type != u.typ || s.Endpoint != u.ep || s.Length != u.length {
		return false
	}
	return u.ep&0x80 != 0 || bytes.Equal(s.Data, u.data)
}

// Close cancels every waiting transfer; later submissions fail with ErrGone.
func (r *TreeReplay) Close() error {
	r.mu.Lock()
	r.closed = true
	waiting := r.waiting
	r.waiting = map[*treeTransfer]bool{}
	r.mu.Unlock()
	for t := range waiting {
		t.finish(ErrCancelled)
	}
	return nil
}

// Remaining returns the submissions of the log that no transfer matched.
func (r *TreeReplay) Remaining() []Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Record
	for _, u := range r.urbs {
		if !u.used {
			out = append(out, u.submit)
		}
	}
	return out
}

type treeTransfer struct {
	r    *TreeReplay
	u    *urb
	once sync.Once
}

// finish ends a transfer that the log did not answer.
func (t *treeTransfer) finish(err error) {
	t.once.Do(func() {
		t.r.mu.Lock()
		delete(t.r.waiting, t)
		t.r.mu.Unlock()
		select {
		case <-t.u.done: // answered at submission
		default:
			t.u.err = err
			close(t.u.done)
		}
	})
}

func (t *treeTransfer) Wait(ctx context.Context) ([]byte, error) {
	var stall <-chan time.Time
	if t.u.typ != TypeInterrupt {
		tm := time.NewTimer(t.r.stall)
		defer tm.Stop()
		stall = tm.C
	}
	select {
	case <-t.u.done:
		return t.u.result, t.u.err
	case <-ctx.Done():
		t.finish(ErrCancelled)
		if t.u.err != ErrCancelled { // answered just before the cancel
			return t.u.result, t.u.err
		}
		return nil, fmt.Errorf("%w: %w", ErrCancelled, ctx.Err())
	case <-stall:
		t.finish(t.r.divergence(t.u))
		return t.u.result, t.u.err
	}
}

func (t *treeTransfer) Cancel() { t.finish(ErrCancelled) }

// divergence names what the driver sent and the URB of the log after the
// one matched last, where a driver that had followed the recording would be.
func (r *TreeReplay) divergence(u *urb) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := &DivergenceError{Driver: []string{u.String()}}
	if r.last+1 < len(r.urbs) {
		next := r.urbs[r.last+1].submit
		e.Next = &next
	}
	return e
}

// statusError is the error of a recorded URB status (0: none).
func statusError(status int32) error {
	switch status {
	case 0:
		return nil
	case -2: // ENOENT: cancelled
		return ErrCancelled
	case -32: // EPIPE
		return ErrStall
	case -19, -108: // ENODEV, ESHUTDOWN
		return ErrGone
	case -110: // ETIMEDOUT
		return ErrTimeout
	}
	return fmt.Errorf("usb: transfer failed with status %d", status)
}

var _ Transport = (*TreeReplay)(nil)
