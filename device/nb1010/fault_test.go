package nb1010_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/nb1010"
	"aalogon/device/usb"
)

// noFinger answers every finger check with level 0.
type noFinger struct{}

func (noFinger) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (noFinger) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	return doneTransfer(make([]byte, n)), nil
}
func (noFinger) Close() error { return nil }

type doneTransfer []byte

func (d doneTransfer) Wait(ctx context.Context) ([]byte, error) {
	if len(d) > 0 {
		d[0], d[1] = 0x80, 0x37 // a finger-level reply saying: nothing there
	}
	return d, nil
}
func (doneTransfer) Cancel() {}

func TestFaults(t *testing.T) {
	drivertest.Faults{
		Recording: "nb1010",
		Open: func(tr usb.Transport, dev *usb.DeviceFile) (device.Reader, error) {
			return nb1010.Open(tr, dev.VID, dev.PID, nb1010.Options{})
		},
	}.Run(t, []drivertest.FaultCase{
		{Name: "unplugged during the image", Fault: drivertest.Fault{Nth: 10, Break: drivertest.Unplug}, Want: device.ErrUnplugged},
		{Name: "short image chunk", Fault: drivertest.Fault{Nth: 12, Break: drivertest.Short}, Want: device.ErrProtocol},
		{Name: "reply never comes", Fault: drivertest.Fault{Nth: 2, Break: drivertest.Hang}, Want: device.ErrTimeout},
	})
}

func TestCancelWhileWaitingForFinger(t *testing.T) {
	r, _ := nb1010.Open(noFinger{}, nb1010.VID, nb1010.PID, nb1010.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	events := make(chan device.Event, 4)
	_, err := r.Capture(ctx, events)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if e := <-events; e.Kind != device.WaitingForFinger {
		t.Errorf("first event %v", e.Kind)
	}
	if len(events) != 0 {
		t.Errorf("events after waiting: %v", <-events)
	}
}
