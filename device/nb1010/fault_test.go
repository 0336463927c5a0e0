package nb1010_test

import (
	"context"
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
	r, err := nb1010.Open(noFinger{}, nb1010.VID, nb1010.PID, nb1010.Options{})
	if err != nil {
		t.Fatal(err)
	}
	drivertest.GiveUp(t, r, 200*time.Millisecond)
}
