package vfs0050_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
	"aalogon/device/vfs0050"
)

func TestFaults(t *testing.T) {
	drivertest.Faults{
		Recording: "vfs0050",
		Open: func(tr usb.Transport, dev *usb.DeviceFile) (device.Reader, error) {
			return vfs0050.Open(tr, dev.VID, dev.PID, vfs0050.Options{})
		},
		Check: func(t *testing.T, c drivertest.FaultCase, f *drivertest.Transport) {
			drivertest.NothingPending(t, c, f)
			checkCommands(t, f.Writes())
		},
	}.Run(t, []drivertest.FaultCase{
		// Three drains of 0x82 come before the image's reads.
		{Name: "unplugged mid-swipe", Fault: drivertest.Fault{Endpoint: 0x82, Length: 65536, Nth: 8, Break: drivertest.Unplug}, Want: device.ErrUnplugged},
		{Name: "short return code", Fault: drivertest.Fault{Endpoint: 0x81, Length: 2, Nth: 2, Break: drivertest.Short}, Want: device.ErrProtocol},
		{Name: "garbage for the empty interrupt", Fault: drivertest.Fault{Endpoint: 0x83, Length: 5, Nth: 1, Break: drivertest.Garbage}, Want: device.ErrProtocol},
		// The 3rd 5-byte interrupt is the finger's.
		{Name: "unknown finger interrupt", Fault: drivertest.Fault{Endpoint: 0x83, Length: 5, Nth: 3, Break: drivertest.Garbage}, Want: device.ErrProtocol},
		{Name: "no commit response", Fault: drivertest.Fault{Endpoint: 0x81, Length: 1106, Nth: 1, Break: drivertest.Hang}, Want: device.ErrTimeout},
	})
}

// noFinger is a VFS0050 with nobody at it: every command is answered, the
// endpoints are empty, and once the light is on the finger interrupt never
// comes.
type noFinger struct {
	mu       sync.Mutex
	lightOn  bool
	irqs     int // 5-byte interrupt reads since the light came on
	commands [][]byte
}

func (s *noFinger) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (s *noFinger) Close() error                                            { return nil }
func (s *noFinger) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ep&0x80 == 0 {
		s.commands = append(s.commands, append([]byte(nil), data...))
		if len(data) == 125 {
			s.lightOn = data[1] == 0x20 // turn_on is 39 20…, turn_off 39 01…
			s.irqs = 0
		}
		return drivertest.Reply(nil), nil
	}
	if ep == 0x83 && n == 5 && s.lightOn {
		// The first is the commit's empty interrupt, the next the finger's.
		if s.irqs++; s.irqs > 1 {
			return never{}, nil
		}
	}
	switch {
	case n == 65536: // drains: nothing there
		return drivertest.Reply(nil), nil
	}
	return drivertest.Reply(make([]byte, n)), nil
}

type reply []byte

func (r reply) Wait(ctx context.Context) ([]byte, error) { return r, ctx.Err() }
func (reply) Cancel()                                    {}

type never struct{}

func (never) Wait(ctx context.Context) ([]byte, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
func (never) Cancel() {}

func TestCancelWhileWaitingForFingerPowersDown(t *testing.T) {
	sensor := &noFinger{}
	r, err := vfs0050.Open(sensor, vfs0050.VID, vfs0050.PID, vfs0050.Options{})
	if err != nil {
		t.Fatal(err)
	}
	drivertest.GiveUp(t, r, 100*time.Millisecond)
	if sensor.lightOn {
		t.Error("the light is still on after the cancel")
	}
	checkCommands(t, sensor.commands)
}
