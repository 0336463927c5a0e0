package device

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Bus finds and opens readers. device/readers implements it on USB.
type Bus interface {
	// Scan lists the supported readers plugged in.
	Scan() ([]Info, error)
	// Open opens one of them.
	Open(i Info) (Reader, error)
}

// State is what the Manager knows about the reader.
type State int

// Manager states.
const (
	// NoReader: nothing supported is plugged in. A state, not an error.
	NoReader State = iota
	// Ready: a reader is open.
	Ready
	// Unavailable: a reader is plugged in but cannot be opened (busy, no
	// permission); Manager.Err says why.
	Unavailable
)

func (s State) String() string { return [...]string{"no reader", "ready", "unavailable"}[s] }

// ManagerConfig configures a Manager.
type ManagerConfig struct {
	Bus Bus
	// Prefer is the "vvvv:pppp" id to use when several readers are
	// plugged in. Empty: the first found.
	Prefer string
	// Interval is how often the bus is scanned (gousb has no hot-plug).
	// Zero: 1 s.
	Interval time.Duration
	// Log receives attach and detach notes. Nil: discard.
	Log *slog.Logger
}

// Manager keeps the preferred reader open while it is plugged in: it scans
// the bus every Interval, opens a reader when one appears, and closes it
// when it goes away, reporting Attached and Detached events.
//
// The Manager owns the reader it opened: it closes it exactly once, and
// only after every Capture through the Manager has ended. A reader that goes
// away during a capture ends that capture with ErrUnplugged first.
type Manager struct {
	cfg ManagerConfig
	log *slog.Logger

	// scan serialises Scan and Close: two scans at once would both open
	// the reader, and one of the two would be lost without being closed.
	scan sync.Mutex

	mu    sync.Mutex
	open  *attached
	info  Info
	state State
	err   error
	subs  map[chan Event]bool
}

// attached is the open reader and the captures running on it.
type attached struct {
	r       Reader
	info    Info
	running sync.WaitGroup
	cancels map[*int]context.CancelCauseFunc
}

// NewManager returns a manager; Run starts it.
func NewManager(cfg ManagerConfig) *Manager {
	if cfg.Interval == 0 {
		cfg.Interval = time.Second
	}
	m := &Manager{cfg: cfg, log: cfg.Log, subs: map[chan Event]bool{}}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	return m
}

// Run scans the bus until ctx ends, then closes the reader.
func (m *Manager) Run(ctx context.Context) {
	t := time.NewTicker(m.cfg.Interval)
	defer t.Stop()
	for {
		m.Scan()
		select {
		case <-ctx.Done():
			m.Close()
			return
		case <-t.C:
		}
	}
}

// Close ends the captures running through the Manager (they return
// context.Canceled), then closes the reader. The Manager scans again on
// the next Scan.
func (m *Manager) Close() {
	m.scan.Lock()
	defer m.scan.Unlock()
	m.drop(context.Canceled)
	m.set(NoReader, Info{}, nil)
}

// Scan looks at the bus once: it opens a reader that appeared and drops one
// that went away.
func (m *Manager) Scan() {
	m.scan.Lock()
	defer m.scan.Unlock()
	found, err := m.cfg.Bus.Scan()
	if err != nil {
		// The reader cannot be seen any more: it is closed, not kept
		// open by nobody until the program ends.
		if a := m.drop(ErrUnplugged); a != nil {
			m.log.Info("reader dropped: the bus cannot be scanned", "reader", a.info.ID(), "error", err)
			m.publish(Event{Kind: Detached, Reader: a.info})
		}
		m.set(Unavailable, Info{}, err)
		return
	}
	m.mu.Lock()
	cur := m.open
	m.mu.Unlock()
	if cur != nil {
		for _, i := range found {
			if i == cur.info {
				return // still there
			}
		}
		m.drop(ErrUnplugged)
		m.log.Info("reader detached", "reader", cur.info.ID())
		m.publish(Event{Kind: Detached, Reader: cur.info})
	}
	pick, ok := m.pick(found)
	if !ok {
		m.set(NoReader, Info{}, nil)
		return
	}
	r, err := m.cfg.Bus.Open(pick)
	if err != nil {
		m.log.Warn("reader present but cannot be opened", "reader", pick.ID(), "error", err)
		m.set(Unavailable, pick, err)
		return
	}
	m.log.Info("reader attached", "reader", pick.ID(), "name", r.Info().Name)
	m.mu.Lock()
	m.open = &attached{r: r, info: pick, cancels: map[*int]context.CancelCauseFunc{}}
	m.mu.Unlock()
	m.set(Ready, pick, nil)
	m.publish(Event{Kind: Attached, Reader: r.Info()})
}

func (m *Manager) pick(found []Info) (Info, bool) {
	for _, i := range found {
		if m.cfg.Prefer != "" && i.ID() == m.cfg.Prefer {
			return i, true
		}
	}
	if len(found) == 0 {
		return Info{}, false
	}
	return found[0], true
}

// drop takes the open reader away from new captures, ends the running ones
// with cause, waits for them, and closes the reader. It returns what was
// dropped, or nil when no reader was open.
func (m *Manager) drop(cause error) *attached {
	m.mu.Lock()
	a := m.open
	m.open = nil
	if a != nil {
		for _, cancel := range a.cancels {
			cancel(cause)
		}
	}
	m.mu.Unlock()
	if a == nil {
		return nil
	}
	a.running.Wait()
	if err := a.r.Close(); err != nil {
		m.log.Warn("closing the reader", "reader", a.info.ID(), "error", err)
	}
	return a
}

func (m *Manager) set(s State, i Info, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state, m.info, m.err = s, i, err
}

// State returns the current state, and for Unavailable the reason.
func (m *Manager) State() (State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state, m.err
}

// Reader returns the open reader, or ErrNoReader (or why the reader present
// cannot be used). The Manager owns it: callers capture through
// Manager.Capture, which the Manager waits for before closing the reader,
// and never close it themselves.
func (m *Manager) Reader() (Reader, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.open != nil:
		return m.open.r, nil
	case m.err != nil:
		return nil, m.err
	}
	return nil, ErrNoReader
}

// Subscribe returns a channel of Attached and Detached events; cancel
// stops them and closes the channel.
func (m *Manager) Subscribe() (events <-chan Event, cancel func()) {
	ch := make(chan Event, 8)
	m.mu.Lock()
	m.subs[ch] = true
	m.mu.Unlock()
	return ch, func() {
		m.mu.Lock()
		if m.subs[ch] {
			delete(m.subs, ch)
			close(ch)
		}
		m.mu.Unlock()
	}
}

func (m *Manager) publish(e Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for ch := range m.subs {
		Notify(ch, e)
	}
}

// Capture captures with the current reader. With no reader it returns
// ErrNoReader at once. When the reader goes away during the capture (a
// scan misses it, or Close), the capture is cancelled and ends with
// ErrUnplugged (context.Canceled after Close) before the reader is closed.
func (m *Manager) Capture(ctx context.Context, events chan<- Event) (*Sample, error) {
	m.mu.Lock()
	a := m.open
	if a == nil {
		m.mu.Unlock()
		_, err := m.Reader()
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	key := new(int)
	a.cancels[key] = cancel
	a.running.Add(1)
	m.mu.Unlock()

	s, err := a.r.Capture(ctx, events)
	cause := context.Cause(ctx)
	m.mu.Lock()
	delete(a.cancels, key)
	m.mu.Unlock()
	cancel(nil)
	a.running.Done()

	switch {
	case err == nil:
		return s, nil
	case errors.Is(cause, ErrUnplugged): // a scan is dropping the reader
		if !errors.Is(err, ErrUnplugged) {
			err = fmt.Errorf("%w: %w", ErrUnplugged, err)
		}
	case errors.Is(err, ErrUnplugged):
		m.Scan() // see it gone now, not at the next tick
	}
	return nil, fmt.Errorf("%s: %w", a.r.Info().Name, err)
}
