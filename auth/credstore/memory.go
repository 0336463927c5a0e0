package credstore

import (
	"sync"

	"github.com/zalando/go-keyring"
)

// Memory is an in-memory Keyring, safe for concurrent use: for tests of the
// code that uses a Store, and for diagnostics. Err, when set, is returned
// by every call, as a missing Secret Service would.
type Memory struct {
	mu    sync.Mutex
	items map[[2]string]string
	Err   error
}

// Get implements Keyring.
func (m *Memory) Get(service, user string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return "", m.Err
	}
	v, ok := m.items[[2]string{service, user}]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

// Set implements Keyring.
func (m *Memory) Set(service, user, password string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return m.Err
	}
	if m.items == nil {
		m.items = map[[2]string]string{}
	}
	m.items[[2]string{service, user}] = password
	return nil
}

// Delete implements Keyring.
func (m *Memory) Delete(service, user string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return m.Err
	}
	if _, ok := m.items[[2]string{service, user}]; !ok {
		return keyring.ErrNotFound
	}
	delete(m.items, [2]string{service, user})
	return nil
}
