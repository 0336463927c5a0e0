package usb

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// TreeReplay plays back a umockdev .ioctl log the way umockdev-run does,
// for logs that Replay's strict order cannot follow.
//
// umockdev-record keeps each distinct URB once: a command the driver sends
// again, or a reply that comes again, is not written a second time, and
// the log is a tree of the distinct URBs, in file order. umockdev-run
// answers each submitted URB with the first URB of the log, searching
// forward from the one it matched last and wrapping round, that has the
// same type, endpoint and buffer length and, for OUT, the same bytes. A
// driver that repeats a command is thus answered as long as it sends what
// the recorded driver sent. libfprint's VFS5011 and VFS0050 logs need this.
//
// The log's indentation says more: an IN URB is written under the URB that
// came before it, so a command sent twice that got two different replies
// has both replies under it. umockdev-run always gives the first; TreeReplay
// gives the first one not yet given, so that a driver that repeats what the
// recorded driver did consumes the whole log, as Remaining checks, and gets
// the replies in the order they came.
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
	parent           int // index of the URB it is written under; -1 at the top
	used             bool
}

// OpenIoctlTree opens a recording folder whose traffic is `capture.ioctl`
// as a TreeReplay.
func OpenIoctlTree(dir string) (*TreeReplay, *DeviceFile, error) {
	dev, err := ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		return nil, nil, err
	}
	b, err := os.ReadFile(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		return nil, nil, err
	}
	recs, err := ParseIoctl(b)
	if err != nil {
		return nil, nil, err
	}
	return NewTreeReplay(recs, IoctlDepths(b), ReplayOptions{EndpointTypes: dev.EndpointTypes}), dev, nil
}

// IoctlDepths returns the depth in the tree (leading spaces) of each URB
// line of a umockdev .ioctl log, in the order ParseIoctl returns them.
func IoctlDepths(b []byte) []int {
	var out []int
	for _, line := range strings.Split(string(b), "\n") {
		text := strings.TrimLeft(line, " ")
		if strings.HasPrefix(text, "USBDEVFS_REAPURBNDELAY ") || strings.HasPrefix(text, "USBDEVFS_REAPURB ") {
			out = append(out, len(line)-len(text))
		}
	}
	return out
}

// NewTreeReplay returns a tree replay of recs, the S and C pairs ParseIoctl
// gives, with depth the tree depth of each pair (nil: all at the top).
// opts.Bus and opts.Dev are ignored: a log holds one device.
func NewTreeReplay(recs []Record, depth []int, opts ReplayOptions) *TreeReplay {
	if opts.Stall == 0 {
		opts.Stall = 2 * time.Second
	}
	r := &TreeReplay{last: -1, epTypes: opts.EndpointTypes, stall: opts.Stall, waiting: map[*treeTransfer]bool{}}
	var path []int // the URBs above the current one, by depth
	for i := 0; i+1 < len(recs); i += 2 {
		d := 0
		if k := i / 2; k < len(depth) {
			d = min(depth[k], len(path))
		}
		path = path[:d]
		parent := -1
		if d > 0 {
			parent = path[d-1]
		}
		path = append(path, len(r.urbs))
		r.urbs = append(r.urbs, treeURB{submit: recs[i], complete: recs[i+1], parent: parent})
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

// find returns the index of the URB that answers u, or -1: of the URBs
// written under the last one matched, the first that matches and was not
// given yet; else, searching forward from the last one and wrapping
// round, the first that matches.
func (r *TreeReplay) find(u *urb) int {
	if r.last >= 0 {
		for i := r.last + 1; i < len(r.urbs); i++ {
			if r.urbs[i].parent == r.last && !r.urbs[i].used && r.matches(i, u) {
				return i
			}
		}
	}
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
