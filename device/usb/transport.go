// Package usb is the one way drivers reach a USB device: a Transport with
// control transfers and submitted bulk or interrupt transfers, several in
// flight at once, each cancellable. Two implementations: gousb (libusb,
// cgo; stubbed by the nousb build tag) and Replay (pure Go), which plays back
// a usbmon pcapng or umockdev .ioctl recording.
package usb

import (
	"context"
	"errors"
	"fmt"
)

// Setup is a control transfer's setup packet; wLength is len(data).
type Setup struct {
	RequestType uint8 // bmRequestType; bit 7 set: device to host
	Request     uint8
	Value       uint16
	Index       uint16
}

// In reports whether the transfer reads from the device.
func (s Setup) In() bool { return s.RequestType&0x80 != 0 }

// Transport is an open USB device.
type Transport interface {
	// Control runs a control transfer on endpoint 0. For an IN transfer it
	// fills data and returns how many bytes came.
	Control(ctx context.Context, s Setup, data []byte) (int, error)
	// Submit starts a bulk or interrupt transfer on endpoint ep and returns
	// at once: the transfer is in flight, in submission order, until
	// Wait returns. An IN endpoint (bit 7) reads up to n bytes; an OUT
	// endpoint writes data (n is ignored).
	Submit(ep uint8, n int, data []byte) (Transfer, error)
	// Close releases the device. Pending transfers are cancelled.
	Close() error
}

// Transfer is a submitted transfer.
type Transfer interface {
	// Wait waits for the transfer to end and returns the data read (IN)
	// or nil (OUT). Cancelling ctx cancels the transfer.
	Wait(ctx context.Context) ([]byte, error)
	// Cancel cancels the transfer; Wait then returns ErrCancelled.
	Cancel()
}

// Errors of transports.
var (
	// ErrCancelled: the transfer was cancelled (usbmon status -2).
	ErrCancelled = errors.New("usb: transfer cancelled")
	// ErrStall: the endpoint stalled.
	ErrStall = errors.New("usb: endpoint stalled")
	// ErrGone: the device was unplugged.
	ErrGone = errors.New("usb: device gone")
	// ErrTimeout: the device did not answer in time.
	ErrTimeout = errors.New("usb: transfer timed out")
	// ErrShort: fewer bytes came than the protocol requires.
	ErrShort = errors.New("usb: short transfer")
	// ErrBusy: another program or kernel driver holds the device.
	ErrBusy = errors.New("usb: device busy")
	// ErrAccess: no permission to open the device.
	ErrAccess = errors.New("usb: permission denied")
	// ErrNotFound: no such device.
	ErrNotFound = errors.New("usb: device not found")
	// ErrNotBuilt: this binary was built without USB support (nousb).
	ErrNotBuilt = errors.New("usb: USB support was not built into this program")
)

// DeviceInfo describes a USB device found on the bus.
type DeviceInfo struct {
	VID, PID uint16
	Bus      int
	Address  int
}

// Read submits an IN transfer of up to n bytes on ep and waits for it.
func Read(ctx context.Context, t Transport, ep uint8, n int) ([]byte, error) {
	tr, err := t.Submit(ep, n, nil)
	if err != nil {
		return nil, err
	}
	return tr.Wait(ctx)
}

// Write submits an OUT transfer of data on ep and waits for it.
func Write(ctx context.Context, t Transport, ep uint8, data []byte) error {
	tr, err := t.Submit(ep, 0, data)
	if err != nil {
		return err
	}
	_, err = tr.Wait(ctx)
	return err
}

// ReadExact reads exactly n bytes on ep; fewer is ErrShort.
func ReadExact(ctx context.Context, t Transport, ep uint8, n int) ([]byte, error) {
	b, err := Read(ctx, t, ep, n)
	if err != nil {
		return nil, err
	}
	if len(b) != n {
		return nil, fmt.Errorf("%w: endpoint %#02x gave %d of %d bytes", ErrShort, ep, len(b), n)
	}
	return b, nil
}

// Transfer types, in the usbmon and usbdevfs encoding (readers.md §5.1).
const (
	TypeIso       = 0
	TypeInterrupt = 1
	TypeControl   = 2
	TypeBulk      = 3
)
