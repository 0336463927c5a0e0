// Package scriptusb is a USB device for fuzz targets that answers anything:
// each IN transfer takes its reply from a script the fuzzer writes. It
// imports only device/usb, so that a driver's own internal tests can use it.
package scriptusb

import (
	"bytes"
	"context"

	"aalogon/device/usb"
)

// Device answers every IN transfer (and IN control transfer) from Script:
// a length byte (below 0x80: that many bytes; 0x80 and up: the transfer's
// size less the excess), then the bytes. When the script ends the device is
// gone (usb.ErrGone). It accepts every OUT transfer.
type Device struct{ Script []byte }

// Reply is a whole transfer of b in a script.
func Reply(b []byte) []byte { return append([]byte{0x80}, b...) }

func (d *Device) next(n int) ([]byte, error) {
	if len(d.Script) == 0 {
		return nil, usb.ErrGone
	}
	l := int(d.Script[0])
	d.Script = d.Script[1:]
	k := min(l, n)
	if l >= 0x80 {
		k = max(n-(l-0x80), 0)
	}
	k = min(k, len(d.Script))
	b := bytes.Clone(d.Script[:k])
	d.Script = d.Script[k:]
	return b, nil
}

// Control implements usb.Transport.
func (d *Device) Control(_ context.Context, s usb.Setup, data []byte) (int, error) {
	if !s.In() {
		return len(data), nil
	}
	b, err := d.next(len(data))
	return copy(data, b), err
}

// Submit implements usb.Transport: the transfer is answered at once.
func (d *Device) Submit(ep uint8, n int, _ []byte) (usb.Transfer, error) {
	if ep&0x80 == 0 {
		return answered{}, nil
	}
	b, err := d.next(n)
	return answered{b, err}, nil
}

// Close implements usb.Transport.
func (d *Device) Close() error { return nil }

type answered struct {
	data []byte
	err  error
}

func (a answered) Wait(context.Context) ([]byte, error) { return a.data, a.err }
func (answered) Cancel()                                {}

var _ usb.Transport = (*Device)(nil)
