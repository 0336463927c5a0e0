package usb

import (
	"context"
	"errors"
	"fmt"
)

// TimeoutOf tells a transfer's own deadline from the caller's: an err that
// ended with context.DeadlineExceeded while ctx (the caller's) is still
// live is a device that did not answer, and comes back wrapped in
// ErrTimeout; the caller's own deadline or cancel, nil and every other
// error come back as they are. Drivers bound each transfer with a context
// derived from ctx and pass the transfer's error through TimeoutOf.
func TimeoutOf(ctx context.Context, err error) error {
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, ErrTimeout) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}
