package cli

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aalogon/auth/flow"
	"aalogon/device"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/device/virtual"
)

// listBus is a USB bus with the given devices; the readers among them are
// named by the drivers' declarations, and those in busy are held by another
// program.
type listBus struct {
	devices []usb.DeviceInfo
	busy    map[string]bool
}

func (b listBus) Scan() ([]device.Info, error) {
	return readers.USB{List: func() ([]usb.DeviceInfo, error) { return b.devices, nil }}.Scan()
}

func (b listBus) Open(i device.Info) (device.Reader, error) {
	if b.busy[i.ID()] {
		return nil, device.ErrBusy
	}
	return virtual.New(virtual.Images(image.NewGray(image.Rect(0, 0, 8, 8))), virtual.Options{Name: i.Name}), nil
}

func TestDeviceListShowsEachReaderPressOrSwipeAndState(t *testing.T) {
	bus := listBus{
		devices: []usb.DeviceInfo{
			{VID: 0x1d6b, PID: 0x0002, Bus: 1, Address: 1}, // a hub: not a reader
			{VID: 0x05ba, PID: 0x000a, Bus: 1, Address: 5},
			{VID: 0x298d, PID: 0x1010, Bus: 2, Address: 3},
		},
		busy: map[string]bool{"298d:1010": true},
	}
	var out, errOut bytes.Buffer
	code := Main(Env{Args: []string{"device", "list"}, Stdout: &out, Stderr: &errOut, Readers: bus})
	want := "05ba:000a  bus 001 device 005  U.are.U 4000B / 4500                     press  ready\n" +
		"298d:1010  bus 002 device 003  NEXT Biometrics NB-1010-U                press  " +
		"The fingerprint reader is in use by another program (such as fprintd). Close it, or stop the fprintd service, and try again\n"
	if code != 0 || out.String() != want {
		t.Errorf("device list: exit %d\n%s\nwant exit 0\n%s", code, out.String(), want)
	}

	out.Reset()
	code = Main(Env{Args: []string{"device", "list"}, Stdout: &out, Stderr: &errOut, Readers: listBus{}})
	if code != 0 || out.String() != "no supported fingerprint reader is connected\n" {
		t.Errorf("device list, nothing plugged in: exit %d, %q", code, out.String())
	}
}

// A recording of a reader no driver claims is refused by name, not played
// through a driver that would half work.
func TestDeviceReplayRefusesAnUnknownReader(t *testing.T) {
	dir := t.TempDir()
	// A USB device descriptor of 1234:5678 on bus 1, device 9.
	desc := "12010002ff0000403412785600010102030" + "1"
	file := "P: /devices/pci0000:00/usb1/1-1\nN: bus/usb/001/009=" + desc + "\nE: BUSNUM=001\nE: DEVNUM=009\n"
	if err := os.WriteFile(filepath.Join(dir, "device"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "capture.ioctl"), []byte("@DEV /dev/bus/usb/001/009 (usbdevfs)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := Main(Env{Args: []string{"device", "replay", "--recording", dir, "--out", filepath.Join(dir, "out.png")},
		Stdout: &out, Stderr: &errOut})
	if code != 1 || !strings.Contains(errOut.String(), "aalogon: the recording is of a reader no driver supports (1234:5678)") ||
		!strings.Contains(errOut.String(), "docs/readers.md") {
		t.Errorf("replay of 1234:5678: exit %d, %q; want exit 1 naming the unsupported reader", code, errOut.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "out.png")); err == nil {
		t.Error("an image was written for an unsupported reader")
	}
}

// A logon that stops at the reader says what the reader needs, not only
// that it did not work.
func TestLogonSaysWhatTheReaderNeeds(t *testing.T) {
	err := &flow.ReaderError{Err: fmt.Errorf("capture: 2 minutiae, 5 needed: %w", device.ErrTooLittle)}
	var h *hinted
	if !errors.As(explain(err, false), &h) || h.hint.english() != "Too little of the finger was seen. Cover more of the sensor and try again." {
		t.Errorf("explain(too little) = %+v, want the hint to cover more of the sensor", h)
	}
}
