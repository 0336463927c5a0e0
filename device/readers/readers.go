// Package readers knows every supported USB reader: the drivers'
// declarations, the USB ids they claim, and device.Bus on libusb.
//
// Adding a reader is a new driver package that declares itself
// (device.Driver) and one line in Drivers; `go test ./device/readers
// -update` then rewrites the udev rule and the table in docs/readers.md
// from the declarations. An id no driver declares is refused
// (device.ErrUnsupported), never given a default driver.
package readers

import (
	"fmt"
	"log/slog"
	"sync"

	"aalogon/device"
	"aalogon/device/aes2501"
	"aalogon/device/aes3500"
	"aalogon/device/egis0570"
	"aalogon/device/elan"
	"aalogon/device/nb1010"
	"aalogon/device/upektcimg"
	"aalogon/device/uru4000"
	"aalogon/device/usb"
	"aalogon/device/vfs0050"
	"aalogon/device/vfs301"
	"aalogon/device/vfs5011"
	"aalogon/device/vfs7552"
)

// Drivers returns every driver's declaration.
func Drivers() []device.Driver {
	return []device.Driver{
		uru4000.Driver(),
		nb1010.Driver(),
		vfs301.Driver(),
		vfs7552.Driver(),
		aes3500.Driver(),
		upektcimg.Driver(),
		vfs5011.Driver(),
		vfs0050.Driver(),
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
// The Manager asks once a second for every USB device, so the table is
// built once.
func Lookup(vid, pid uint16) (Model, bool) {
	m, ok := byID()[[2]uint16{vid, pid}]
	return m, ok
}

// byID is Supported keyed by USB id; a second claim of an id would be a
// declaration error, which TestEveryIDHasOneDriver catches.
var byID = sync.OnceValue(func() map[[2]uint16]Model {
	all := map[[2]uint16]Model{}
	for _, m := range Supported() {
		if _, dup := all[[2]uint16{m.VID, m.PID}]; !dup {
			all[[2]uint16{m.VID, m.PID}] = m
		}
	}
	return all
})

// Open returns the driver for a device already opened as t. An id no driver
// claims is device.ErrUnsupported.
func Open(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
	m, ok := Lookup(info.VID, info.PID)
	if !ok {
		return nil, fmt.Errorf("readers: %s: %w", info.ID(), device.ErrUnsupported)
	}
	if b, ok := t.(bulkReader); ok && len(m.Driver.BulkIn) > 0 {
		b.ReadAsBulk(m.Driver.BulkIn...)
	}
	return m.Driver.Open(t, info, opts)
}

// bulkReader is a transport that can read interrupt endpoints with bulk
// transfers (usb.LibUSB); replays take the transfer type from the log.
type bulkReader interface {
	ReadAsBulk(eps ...uint8)
}

// USB is a device.Bus over libusb.
type USB struct {
	// Log receives notes on devices that could not be listed. Nil: discard.
	Log *slog.Logger
	// List enumerates the USB devices. Nil: usb.List (libusb).
	List func() ([]usb.DeviceInfo, error)
}

// Scan implements device.Bus. A device that cannot be enumerated does not
// hide the others: Scan fails only when no device could be listed at all.
func (b USB) Scan() ([]device.Info, error) {
	list := b.List
	if list == nil {
		list = usb.List
	}
	all, err := list()
	if err != nil {
		if len(all) == 0 {
			return nil, Classify(err)
		}
		if b.Log != nil {
			b.Log.Warn("some USB devices could not be listed", "listed", len(all), "error", err)
		}
	}
	var out []device.Info
	for _, d := range all {
		if m, ok := Lookup(d.VID, d.PID); ok {
			out = append(out, m.Driver.Describe(device.Info{Bus: d.Bus, Address: d.Address}, d.VID, d.PID))
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
