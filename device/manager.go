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
type Manager struct {
	cfg ManagerConfig
	log *slog.Logger

	mu     sync.Mutex
	reader Reader
	info   Info
	state  State
	err    error
	subs   map[chan Event]bool
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
			m.mu.Lock()
			if m.reader != nil {
				m.reader.Close()
				m.reader = nil
			}
			m.mu.Unlock()
			return
		case <-t.C:
		}
	}
}

// Scan looks at the bus once: it opens a reader that appeared and drops one
// that went away.
func (m *Manager) Scan() {
	found, err := m.cfg.Bus.Scan()
	if err != nil {
		m.set(Unavailable, nil, Info{}, err)
		return
	}
	m.mu.Lock()
	cur, has := m.info, m.reader != nil
	m.mu.Unlock()
	if has {
		for _, i := range found {
			if i == cur {
				return // still there
			}
		}
		m.detach(cur)
	}
	pick, ok := m.pick(found)
	if !ok {
		m.set(NoReader, nil, Info{}, nil)
		return
	}
	r, err := m.cfg.Bus.Open(pick)
	if err != nil {
		m.log.Warn("reader present but cannot be opened", "reader", pick.ID(), "error", err)
		m.set(Unavailable, nil, pick, err)
		return
	}
	m.log.Info("reader attached", "reader", pick.ID(), "name", r.Info().Name)
	m.set(Ready, r, pick, nil)
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

func (m *Manager) detach(i Info) {
	m.mu.Lock()
	r := m.reader
	m.reader = nil
	m.mu.Unlock()
	if r != nil {
		r.Close()
	}
	m.log.Info("reader detached", "reader", i.ID())
	m.publish(Event{Kind: Detached, Reader: i})
}

func (m *Manager) set(s State, r Reader, i Info, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state, m.info, m.err = s, i, err
	if r != nil || s != Ready {
		m.reader = r
	}
}

// State returns the current state, and for Unavailable the reason.
func (m *Manager) State() (State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state, m.err
}

// Reader returns the open reader, or ErrNoReader (or why the reader present
// cannot be used).
func (m *Manager) Reader() (Reader, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.reader != nil:
		return m.reader, nil
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
// ErrNoReader at once.
func (m *Manager) Capture(ctx context.Context, events chan<- Event) (*Sample, error) {
	r, err := m.Reader()
	if err != nil {
		return nil, err
	}
	s, err := r.Capture(ctx, events)
	if errors.Is(err, ErrUnplugged) {
		m.Scan()
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.Info().Name, err)
	}
	return s, nil
}
