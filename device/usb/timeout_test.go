package usb_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"aalogon/device/usb"
)

// A transfer's own deadline reads as a device that stopped answering; the
// caller's deadline or cancel never does.
func TestTimeoutOf(t *testing.T) {
	live := context.Background()
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	own := fmt.Errorf("%w: %w", usb.ErrCancelled, context.DeadlineExceeded)
	for _, tc := range []struct {
		name    string
		ctx     context.Context
		err     error
		timeout bool
	}{
		{"the transfer's own deadline", live, own, true},
		{"the caller's deadline", ended, own, false},
		{"the caller's cancel", ended, context.Canceled, false},
		{"a stall", live, usb.ErrStall, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := usb.TimeoutOf(tc.ctx, tc.err)
			if errors.Is(got, usb.ErrTimeout) != tc.timeout || !errors.Is(got, tc.err) {
				t.Errorf("TimeoutOf(%v) = %v, timeout %v", tc.err, got, tc.timeout)
			}
		})
	}
	if err := usb.TimeoutOf(live, nil); err != nil {
		t.Errorf("TimeoutOf(nil) = %v", err)
	}
	once := usb.TimeoutOf(live, own)
	if again := usb.TimeoutOf(live, once); again != once {
		t.Errorf("a timeout wrapped twice: %v", again)
	}
}
