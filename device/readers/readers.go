// Package readers knows every supported USB reader: it maps USB ids to
// drivers and implements device.Bus on libusb.
package readers

import (
	"fmt"
	"log/slog"

	"aalogon/device"
	"aalogon/device/nb1010"
	"aalogon/device/uru4000"
	"aalogon/device/usb"
)

// Model is a supported USB reader.
type Model struct {
	VID, PID uint16
	Name     string
	Driver   string
}

// Supported lists every supported reader, by USB id.
func Supported() []Model {
	var out []Model
	for _, p := range uru4000.Profiles {
		out = append(out, Model{p.VID, p.PID, p.Name, "uru4000"})
	}
	return append(out, Model{nb1010.VID, nb1010.PID, "NEXT Biometrics NB-1010-U", "nb1010"})
}

// Lookup returns the model of a USB id.
func Lookup(vid, pid uint16) (Model, bool) {
	for _, m := range Supported() {
		if m.VID == vid && m.PID == pid {
			return m, true
		}
	}
	return Model{}, false
}

// Open returns the driver for a device already opened as t.
func Open(t usb.Transport, info device.Info, log *slog.Logger) (device.Reader, error) {
	m, ok := Lookup(info.VID, info.PID)
	if !ok {
		return nil, fmt.Errorf("readers: %s: %w", info.ID(), device.ErrUnsupported)
	}
	switch m.Driver {
	case "uru4000":
		return uru4000.Open(t, info.VID, info.PID, uru4000.Options{Log: log, Info: info})
	default:
		return nb1010.Open(t, info.VID, info.PID, nb1010.Options{Log: log, Info: info})
	}
}

// USB is a device.Bus over libusb.
type USB struct {
	Log *slog.Logger
}

// Scan implements device.Bus.
func (b USB) Scan() ([]device.Info, error) {
	all, err := usb.List()
	if err != nil {
		return nil, Classify(err)
	}
	var out []device.Info
	for _, d := range all {
		if m, ok := Lookup(d.VID, d.PID); ok {
			out = append(out, device.Info{Driver: m.Driver, Name: m.Name, VID: d.VID, PID: d.PID, Bus: d.Bus, Address: d.Address})
		}
	}
	return out, nil
}

// Open implements device.Bus.
func (b USB) Open(i device.Info) (device.Reader, error) {
	t, err := usb.Open(i.VID, i.PID)
	if err != nil {
		return nil, Classify(err)
	}
	r, err := Open(t, i, b.Log)
	if err != nil {
		t.Close()
		return nil, err
	}
	return r, nil
}

// Classify maps transport errors to the device errors a person acts on.
func Classify(err error) error {
	if kind := device.FromUSB(err); kind != nil {
		return fmt.Errorf("%w: %w", kind, err)
	}
	return err
}

var _ device.Bus = USB{}
