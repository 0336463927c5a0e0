package readers_test

import (
	"errors"
	"testing"

	"aalogon/device"
	"aalogon/device/readers"
	"aalogon/device/usb"
)

func TestScanKeepsTheReadersThatEnumerated(t *testing.T) {
	odd := errors.New("libusb: descriptor of 003:007 unreadable")
	cases := []struct {
		name    string
		devices []usb.DeviceInfo
		err     error
		want    []string // reader ids found
		wantErr error
	}{
		{name: "all listed", devices: []usb.DeviceInfo{{VID: 0x1d6b, PID: 0x0002}, {VID: 0x05ba, PID: 0x000a, Bus: 1, Address: 5}},
			want: []string{"05ba:000a"}},
		{name: "one odd device", devices: []usb.DeviceInfo{{VID: 0x298d, PID: 0x1010, Bus: 2, Address: 3}}, err: odd,
			want: []string{"298d:1010"}},
		{name: "nothing listed", err: usb.ErrAccess, wantErr: device.ErrPermission},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bus := readers.USB{List: func() ([]usb.DeviceInfo, error) { return tc.devices, tc.err }}
			found, err := bus.Scan()
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("Scan() error = %v, want %v", err, tc.wantErr)
			}
			var got []string
			for _, i := range found {
				got = append(got, i.ID())
			}
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
				t.Errorf("Scan() = %v, want %v", got, tc.want)
			}
		})
	}
}

// An id no driver claims is refused, never given a default driver.
func TestOpenRefusesAnUnknownReader(t *testing.T) {
	info := device.Info{VID: 0x1234, PID: 0x5678}
	r, err := readers.Open(nil, info, device.OpenOptions{})
	if !errors.Is(err, device.ErrUnsupported) || r != nil {
		t.Errorf("Open(1234:5678) = %v, %v; want no reader and ErrUnsupported", r, err)
	}
}

// Two drivers claiming one id would leave the reader to whichever comes
// first in Drivers; every id is claimed once, and Lookup finds its driver.
func TestEveryIDHasOneDriver(t *testing.T) {
	claimed := map[[2]uint16]string{}
	for _, m := range readers.Supported() {
		id := [2]uint16{m.VID, m.PID}
		if other, dup := claimed[id]; dup {
			t.Errorf("%04x:%04x is claimed by %s and %s", m.VID, m.PID, other, m.Driver.Name)
		}
		claimed[id] = m.Driver.Name
		got, ok := readers.Lookup(m.VID, m.PID)
		if !ok || got.Driver.Name != m.Driver.Name || got.Name != m.Name {
			t.Errorf("Lookup(%04x:%04x) = %s %q, %v; want %s %q", m.VID, m.PID, got.Driver.Name, got.Name, ok, m.Driver.Name, m.Name)
		}
	}
	if len(claimed) < 80 {
		t.Errorf("only %d ids claimed: the declarations went missing", len(claimed))
	}
	if _, ok := readers.Lookup(0x1d6b, 0x0002); ok { // a USB 2.0 root hub
		t.Error("a root hub looked up as a reader")
	}
}
