package usb

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Replay is a Transport that plays back a recording of real traffic
// (readers.md §6). Each transfer the driver submits must match the next
// submission of the recording; completions are then released in recorded
// order. A driver that strays gets a DivergenceError naming the record.
type Replay struct {
	mu        sync.Mutex
	recs      []Record
	pos       int
	bus, dev  int // 0: no filtering (.ioctl)
	epTypes   map[uint8]uint8
	stall     time.Duration
	pending   []*urb
	cancelled map[uint64]bool // record ids of matched URBs the driver cancelled
	closed    bool
}

// ReplayOptions configure NewReplay.
type ReplayOptions struct {
	// Bus and Dev keep only the records of that device. Zero: all.
	Bus, Dev int
	// EndpointTypes gives each endpoint's transfer type (usbmon encoding).
	// Missing endpoints are bulk.
	EndpointTypes map[uint8]uint8
	// Stall is how long a non-interrupt transfer may wait for the
	// recording before it fails as a divergence. Zero: 2 s.
	Stall time.Duration
}

// NewReplay returns a replay of recs.
func NewReplay(recs []Record, opts ReplayOptions) *Replay {
	if opts.Stall == 0 {
		opts.Stall = 2 * time.Second
	}
	return &Replay{recs: recs, bus: opts.Bus, dev: opts.Dev, epTypes: opts.EndpointTypes, stall: opts.Stall,
		cancelled: map[uint64]bool{}}
}

// Recording is a recording played back as a Transport: what a driver
// captures from it is what the recorded driver captured.
type Recording interface {
	Transport
	// Remaining lists the records the driver never asked for.
	Remaining() []Record
}

// OpenRecording opens a recording folder as libfprint lays them out: a
// umockdev `device` file and `capture.pcapng` or `capture.ioctl`. A usbmon
// capture is a transcript and is replayed in strict order (Replay); an
// ioctl log is umockdev's tree of distinct transfers and is replayed as
// umockdev-run does (TreeReplay), with each endpoint's transfer type taken
// from the log: libfprint reads some interrupt endpoints with bulk
// transfers, and the log says which it used.
func OpenRecording(dir string) (Recording, *DeviceFile, error) {
	dev, err := ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		return nil, nil, err
	}
	if p := filepath.Join(dir, "capture.pcapng"); exists(p) {
		recs, err := ReadPcapng(p)
		if err != nil {
			return nil, nil, err
		}
		return NewReplay(recs, ReplayOptions{EndpointTypes: dev.EndpointTypes, Bus: dev.Bus, Dev: dev.Dev}), dev, nil
	}
	if p := filepath.Join(dir, "capture.ioctl"); exists(p) {
		recs, err := ReadIoctl(p)
		if err != nil {
			return nil, nil, err
		}
		return NewTreeReplay(recs, logTypes(recs, dev.EndpointTypes)), dev, nil
	}
	return nil, nil, fmt.Errorf("usb: %s holds neither capture.pcapng nor capture.ioctl", dir)
}

// logTypes returns the descriptor's endpoint types overridden by the type
// each endpoint's first transfer in recs has.
func logTypes(recs []Record, descriptor map[uint8]uint8) map[uint8]uint8 {
	types := make(map[uint8]uint8, len(descriptor))
	for ep, t := range descriptor {
		types[ep] = t
	}
	seen := map[uint8]bool{}
	for _, r := range recs {
		if r.Type == TypeControl || seen[r.Endpoint] {
			continue
		}
		seen[r.Endpoint] = true
		types[r.Endpoint] = r.Type
	}
	return types
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// urb is a transfer the driver submitted.
type urb struct {
	typ     uint8
	ep      uint8
	length  int
	setup   [8]byte
	control bool
	data    []byte // OUT payload
	matched bool
	recID   uint64
	done    chan struct{}
	result  []byte
	err     error
}

func (u *urb) String() string {
	s := fmt.Sprintf("type %d ep %#02x len %d", u.typ, u.ep, u.length)
	if u.control {
		s += fmt.Sprintf(" setup % x", u.setup[:])
	}
	if len(u.data) > 0 {
		s += fmt.Sprintf(" data % x", abbreviate(u.data))
	}
	return s
}

// DivergenceError says where a driver left the recording: the next record
// the replay expected, and the transfers the driver had submitted.
type DivergenceError struct {
	Next   *Record // nil at the end of the recording
	Driver []string
}

func (e *DivergenceError) Error() string {
	next := "the end of the recording"
	if e.Next != nil {
		next = e.Next.String()
	}
	return fmt.Sprintf("usb: replay diverged: the recording expects %s; the driver submitted [%s]",
		next, strings.Join(e.Driver, "; "))
}

// Is makes a divergence an ErrTimeout, as a real device that stops
// answering would be.
func (e *DivergenceError) Is(target error) bool { return target == ErrTimeout }

// Control implements Transport.
func (r *Replay) Control(ctx context.Context, s Setup, data []byte) (int, error) {
	u := &urb{typ: TypeControl, length: len(data), control: true, done: make(chan struct{})}
	if s.In() {
		u.ep = 0x80
	} else {
		u.data = append([]byte(nil), data...)
	}
	u.setup = [8]byte{s.RequestType, s.Request}
	binary.LittleEndian.PutUint16(u.setup[2:], s.Value)
	binary.LittleEndian.PutUint16(u.setup[4:], s.Index)
	binary.LittleEndian.PutUint16(u.setup[6:], uint16(len(data)))
	if err := r.submit(u); err != nil {
		return 0, err
	}
	res, err := r.wait(ctx, u)
	if !s.In() {
		return len(data), err
	}
	return copy(data, res), err
}

// Submit implements Transport.
func (r *Replay) Submit(ep uint8, n int, data []byte) (Transfer, error) {
	typ, ok := r.epTypes[ep]
	if !ok {
		typ = TypeBulk
	}
	u := &urb{typ: typ, ep: ep, length: n, done: make(chan struct{})}
	if ep&0x80 == 0 {
		u.data = append([]byte(nil), data...)
		u.length = len(data)
	}
	if err := r.submit(u); err != nil {
		return nil, err
	}
	return &replayTransfer{r, u}, nil
}

type replayTransfer struct {
	r *Replay
	u *urb
}

func (t *replayTransfer) Wait(ctx context.Context) ([]byte, error) { return t.r.wait(ctx, t.u) }
func (t *replayTransfer) Cancel()                                  { t.r.cancel(t.u) }

// Close cancels every pending transfer.
func (r *Replay) Close() error {
	r.mu.Lock()
	pending := append([]*urb(nil), r.pending...)
	r.closed = true
	r.mu.Unlock()
	for _, u := range pending {
		r.cancel(u)
	}
	return nil
}

// Remaining returns the records of the device not yet consumed, leaving out
// completions of transfers the driver cancelled (readers.md §6 rule 6) and
// the host stack's standard requests with their completions, which replay
// skips (rule 2): a recording often ends with the stack reading the
// descriptors after the driver let go.
func (r *Replay) Remaining() []Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Record
	host := map[uint64]bool{}
	for _, rec := range r.recs[r.pos:] {
		if !r.mine(rec) || (rec.Event != 'S' && r.cancelled[rec.URBID]) {
			continue
		}
		if rec.Type == TypeControl {
			if rec.Event == 'S' && rec.SetupValid && rec.Setup[0]&0x60 == 0 {
				host[rec.URBID] = true
				continue
			}
			if rec.Event != 'S' && host[rec.URBID] {
				delete(host, rec.URBID)
				continue
			}
		}
		out = append(out, rec)
	}
	return out
}

func (r *Replay) mine(rec Record) bool {
	return r.bus == 0 || (rec.Bus == r.bus && rec.Dev == r.dev)
}

func (r *Replay) submit(u *urb) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrGone
	}
	r.pending = append(r.pending, u)
	r.advance()
	return nil
}

// advance walks the recording as far as the driver's transfers allow. The
// caller holds r.mu.
func (r *Replay) advance() {
	for r.pos < len(r.recs) && len(r.pending) > 0 {
		rec := r.recs[r.pos]
		if !r.mine(rec) {
			r.pos++
			continue
		}
		switch rec.Event {
		case 'S':
			if u := r.unmatched(rec); u != nil {
				u.matched, u.recID = true, rec.URBID
				delete(r.cancelled, rec.URBID) // an id in use again is live again
			} else if !(rec.Type == TypeControl && rec.SetupValid && rec.Setup[0]&0x60 == 0) {
				return // the driver has not submitted this yet: wait for it
			} // else: a standard request of the host stack; skip it
		case 'C', 'E':
			if u := r.matchedByID(rec.URBID); u != nil {
				r.complete(u, rec)
			} else {
				delete(r.cancelled, rec.URBID)
			}
		}
		r.pos++
	}
}

func (r *Replay) unmatched(rec Record) *urb {
	for _, u := range r.pending {
		if u.matched || u.typ != rec.Type || u.length != rec.Length {
			continue
		}
		if !u.control && u.ep != rec.Endpoint {
			continue
		}
		if u.control && rec.SetupValid && u.setup != rec.Setup {
			continue
		}
		if len(rec.Data) > 0 && !bytes.Equal(u.data, rec.Data) {
			continue
		}
		return u
	}
	return nil
}

func (r *Replay) matchedByID(id uint64) *urb {
	for _, u := range r.pending {
		if u.matched && u.recID == id {
			return u
		}
	}
	return nil
}

// complete releases u with rec's outcome. The caller holds r.mu.
func (r *Replay) complete(u *urb, rec Record) {
	r.remove(u)
	switch rec.Status {
	case 0:
		if u.ep&0x80 != 0 {
			u.result = make([]byte, rec.Length)
			copy(u.result, rec.Data)
		}
	case -2: // ENOENT: cancelled
		u.err = ErrCancelled
	case -32: // EPIPE
		u.err = ErrStall
	case -19, -108: // ENODEV, ESHUTDOWN
		u.err = ErrGone
	case -110: // ETIMEDOUT
		u.err = ErrTimeout
	default:
		u.err = fmt.Errorf("usb: transfer failed with status %d", rec.Status)
	}
	close(u.done)
}

func (r *Replay) remove(u *urb) {
	for i, p := range r.pending {
		if p == u {
			r.pending = append(r.pending[:i:i], r.pending[i+1:]...)
			return
		}
	}
}

func (r *Replay) wait(ctx context.Context, u *urb) ([]byte, error) {
	var stall <-chan time.Time
	if u.typ != TypeInterrupt {
		t := time.NewTimer(r.stall)
		defer t.Stop()
		stall = t.C
	}
	select {
	case <-u.done:
		return u.result, u.err
	case <-ctx.Done():
		r.cancel(u)
		return nil, fmt.Errorf("%w: %w", ErrCancelled, ctx.Err())
	case <-stall:
		err := r.divergence()
		r.cancel(u)
		return nil, err
	}
}

func (r *Replay) divergence() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := &DivergenceError{}
	for i := r.pos; i < len(r.recs); i++ {
		if r.mine(r.recs[i]) {
			rec := r.recs[i]
			e.Next = &rec
			break
		}
	}
	for _, u := range r.pending {
		if !u.matched {
			e.Driver = append(e.Driver, u.String())
		}
	}
	return e
}

// cancel removes u if it is still pending; Wait then returns ErrCancelled.
func (r *Replay) cancel(u *urb) {
	r.mu.Lock()
	defer r.mu.Unlock()
	select {
	case <-u.done:
		return
	default:
	}
	r.remove(u)
	if u.matched {
		r.cancelled[u.recID] = true
	}
	u.err = ErrCancelled
	close(u.done)
	r.advance()
}

var _ Transport = (*Replay)(nil)
