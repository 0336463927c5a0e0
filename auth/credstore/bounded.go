package credstore

import (
	"context"
	"time"
)

// bounded is a Keyring whose calls give up after timeout. go-keyring's
// Secret Service backend waits without limit when the collection is locked
// and no agent shows the unlock prompt; the call left behind ends when the
// keyring answers, if ever, and its result is dropped.
type bounded struct {
	kr      Keyring
	timeout time.Duration
}

// Get implements Keyring.
func (b bounded) Get(service, user string) (string, error) {
	return within(context.Background(), b.timeout, func() (string, error) { return b.kr.Get(service, user) })
}

// Set implements Keyring.
func (b bounded) Set(service, user, password string) error {
	_, err := within(context.Background(), b.timeout, func() (struct{}, error) { return struct{}{}, b.kr.Set(service, user, password) })
	return err
}

// Delete implements Keyring.
func (b bounded) Delete(service, user string) error {
	_, err := within(context.Background(), b.timeout, func() (struct{}, error) { return struct{}{}, b.kr.Delete(service, user) })
	return err
}

// within runs call on its own goroutine and returns its result, or
// ErrTimeout after timeout, or ctx's error when ctx ends first.
func within[T any](ctx context.Context, timeout time.Duration, call func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1) // the call may finish after we gave up
	go func() {
		v, err := call()
		ch <- result{v, err}
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	var zero T
	select {
	case r := <-ch:
		return r.v, r.err
	case <-t.C:
		return zero, ErrTimeout
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}
