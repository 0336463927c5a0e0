//go:build !cgo || nousb

package usb

import (
	"context"
	"fmt"
)

// LibUSB stands in for the libusb transport in binaries built with the
// nousb tag; Open never returns one.
type LibUSB struct{}

// List reports that USB support was not built in.
func List() ([]DeviceInfo, error) { return nil, ErrNotBuilt }

// Open reports that USB support was not built in.
func Open(vid, pid uint16) (*LibUSB, error) {
	return nil, fmt.Errorf("%w (%04x:%04x)", ErrNotBuilt, vid, pid)
}

// Control reports that USB support was not built in.
func (*LibUSB) Control(context.Context, Setup, []byte) (int, error) { return 0, ErrNotBuilt }

// Submit reports that USB support was not built in.
func (*LibUSB) Submit(uint8, int, []byte) (Transfer, error) { return nil, ErrNotBuilt }

// ReadAsBulk does nothing without libusb.
func (*LibUSB) ReadAsBulk(...uint8) {}

// Close does nothing.
func (*LibUSB) Close() error { return nil }

var _ Transport = (*LibUSB)(nil)
