package vfs5011_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
	"aalogon/device/vfs5011"
)

func TestFaults(t *testing.T) {
	drivertest.Faults{
		Recording: "vfs5011",
		Open: func(tr usb.Transport, dev *usb.DeviceFile) (device.Reader, error) {
			return vfs5011.Open(tr, dev.VID, dev.PID, vfs5011.Options{})
		},
		Check: drivertest.NothingPending,
	}.Run(t, []drivertest.FaultCase{
		{Name: "unplugged mid-swipe", Fault: drivertest.Fault{Endpoint: 0x82, Length: 256 * 240, Nth: 3, Break: drivertest.Unplug}, Want: device.ErrUnplugged},
		// The 6th 64-byte control reply is init_02's, which must be 00 00.
		{Name: "short reply while initialising", Fault: drivertest.Fault{Endpoint: 0x81, Length: 64, Nth: 6, Break: drivertest.Short}, Want: device.ErrProtocol},
		// The 3rd 2368-byte control reply is prepare_04's "done".
		{Name: "garbage reply while arming", Fault: drivertest.Fault{Endpoint: 0x81, Length: 2368, Nth: 3, Break: drivertest.Garbage}, Want: device.ErrProtocol},
		{Name: "no answer while arming", Fault: drivertest.Fault{Endpoint: 0x82, Length: 84032, Nth: 1, Break: drivertest.Hang}, Want: device.ErrTimeout},
	})
}

// idleSensor is an armed VFS5011 with nobody at it: every command is
// answered "done" and every line is blank.
type idleSensor struct {
	mu    sync.Mutex
	inits int // cmd_19 commands: one per initialisation
}

func (s *idleSensor) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (s *idleSensor) Close() error                                            { return nil }
func (s *idleSensor) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	if ep == 0x01 && len(data) == 1 && data[0] == 0x19 {
		s.mu.Lock()
		s.inits++
		s.mu.Unlock()
	}
	switch ep {
	case 0x81:
		return answered([]byte{0, 0}), nil
	case 0x82:
		return answered(make([]byte, n)), nil
	}
	return answered(nil), nil
}

type answered []byte

func (a answered) Wait(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return a, nil
}
func (answered) Cancel() {}

func TestCancelWhileWaitingForTheSwipe(t *testing.T) {
	sensor := &idleSensor{}
	r, err := vfs5011.Open(sensor, vfs5011.VID, 0x0011, vfs5011.Options{})
	if err != nil {
		t.Fatal(err)
	}
	drivertest.GiveUp(t, r, 100*time.Millisecond)
	drivertest.GiveUp(t, r, 100*time.Millisecond)
	// A capture that ended in an error leaves the sensor in an unknown
	// state: the next one initialises it again.
	if sensor.inits != 2 {
		t.Errorf("%d initialisations for two cancelled captures, want 2", sensor.inits)
	}
}
