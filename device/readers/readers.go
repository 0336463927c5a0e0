// Package readers knows every supported USB reader: the drivers'
// declarations, the USB ids they claim, and device.Bus on libusb.
//
// Adding a reader is a new driver package that declares itself
// (device.Driver) and one line in Drivers.
package readers

import (
	"fmt"
	"log/slog"

	"aalogon/device"
	"aalogon/device/aes2501"
	"aalogon/device/egis0570"
	"aalogon/device/elan"
	"aalogon/device/nb1010"
	"aalogon/device/uru4000"
	"aalogon/device/usb"
)

// Drivers returns every driver's declaration.
func Drivers() []device.Driver {
	return []device.Driver{
		uru4000.Driver(),
		nb1010.Driver(),
		aes2501.Driver(),
		egis0570.Driver(),
		elan.Driver(),
	}
}

// Model is a supported USB reader and the driver that claims it.
type Model struct {
	device.Model
	Driver device.Driver
}

// Supported lists every supported reader, driver by driver.
func Supported() []Model {
	var out []Model
	for _, d := range Drivers() {
		for _, m := range d.Models {
			out = append(out, Model{m, d})
		}
	}
	return out
}

// Lookup returns the model of a USB id; false for an id no driver claims.
func Lookup(vid, pid uint16) (Model, bool) {
	for _, m := range Supported() {
		if m.VID == vid && m.PID == pid {
			return m, true
		}
	}
	return Model{}, false
}

// Open returns the driver for a device already opened as t. An id no driver
// claims is device.ErrUnsupported.
func Open(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
	m, ok := Lookup(info.VID, info.PID)
	if !ok {
		return nil, fmt.Errorf("readers: %s: %w", info.ID(), device.ErrUnsupported)
	}
	info.Driver, info.Name, info.Presentation = m.Driver.Name, m.Name, m.Driver.Presentation
	return m.Driver.Open(t, info, opts)
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
			out = append(out, device.Info{Driver: m.Driver.Name, Name: m.Name, Presentation: m.Driver.Presentation,
				VID: d.VID, PID: d.PID, Bus: d.Bus, Address: d.Address})
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
	r, err := Open(t, i, device.OpenOptions{Log: b.Log})
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
