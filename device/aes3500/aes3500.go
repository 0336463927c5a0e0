// Package aes3500 drives the AuthenTec AES3500 (TruePrint) press sensor
// over a usb.Transport, as libfprint's aes3500.c and aes3k.c do (commit
// 3f70bde): write the sensor's settings, arm a scan, read the image that
// the sensor sends once a finger rests on it.
//
// A capture runs as sequential phases: activation (reset, then the
// register settings), arming (capture registers), the image read, decode.
// Register writes use the AuthenTec framing of device/aeslib.
package aes3500

import (
	"context"
	"fmt"
	"log/slog"

	"aalogon/device"
	"aalogon/device/aeslib"
	"aalogon/device/usb"
)

// USB id of the sensor (libfprint aes3500.c id_table).
const (
	VID = 0x08ff
	PID = 0x5731
)

// Name is the model's name.
const Name = "AuthenTec AES3500"

// SensorDPI is the sensor's own resolution: 128 × 128 pixels over a
// 13 × 13 mm area, about 250 ppi (AuthenTec's AES3500 product brief; not
// measured here). libfprint stores none and enlarges the image twice "to
// make the image big enough for NBIS", which assumes 500 ppi.
const SensorDPI = 250

// DPI is the resolution of the images Capture returns: the sensor's,
// enlarged twice.
const DPI = SensorDPI * enlarge

// Driver declares the driver.
func Driver() device.Driver {
	return device.Driver{
		Name:         "aes3500",
		Models:       []device.Model{{VID: VID, PID: PID, Name: Name}},
		Presentation: device.Press, // libfprint aes3k.c: FP_SCAN_TYPE_PRESS
		Open: func(t usb.Transport, info device.Info, opts device.OpenOptions) (device.Reader, error) {
			return Open(t, info.VID, info.PID, Options{Log: opts.Log, Info: info})
		},
	}
}

// initRegs activate the sensor (libfprint aes3500.c init_reqs): master,
// scan and buffering resets, each released in a transfer of its own, then
// the analogue settings.
var initRegs = []aeslib.RegWrite{
	{Reg: 0x80, Value: 0x01}, aeslib.Flush, // master reset
	{Reg: 0x80, Value: 0x00}, aeslib.Flush,
	{Reg: 0x81, Value: 0x00},
	{Reg: 0x80, Value: 0x00}, aeslib.Flush,
	{Reg: 0x80, Value: 0x02}, aeslib.Flush, // scan reset
	{Reg: 0x80, Value: 0x00}, aeslib.Flush,
	{Reg: 0x80, Value: 0x04}, aeslib.Flush, // disable register buffering
	{Reg: 0x80, Value: 0x00}, aeslib.Flush,
	{Reg: 0x81, Value: 0x00}, aeslib.Flush,
	{Reg: 0x80, Value: 0x00},
	{Reg: 0x81, Value: 0x00},
	{Reg: 0x82, Value: 0x04}, // excitation bias: 2 MHz drive ring, 4 V, 16.5 mA
	{Reg: 0x83, Value: 0x13}, // sample the drive ring for a finger, 62.5 ms debounce
	{Reg: 0x84, Value: 0x07}, // calibration resistance 12 kΩ
	{Reg: 0x85, Value: 0x3d}, // calibration capacitance
	{Reg: 0x86, Value: 0x03}, // detect drive voltage
	{Reg: 0x87, Value: 0x01}, // detection frequency 125 kHz
	{Reg: 0x88, Value: 0x02}, // column scan period
	{Reg: 0x89, Value: 0x02}, // measure drive
	{Reg: 0x8a, Value: 0x33}, // measure frequency and sense amplifier bias
	{Reg: 0x8b, Value: 0x33}, // matrix pattern
	{Reg: 0x8c, Value: 0x0f}, // demodulation phase 1
	{Reg: 0x8d, Value: 0x04}, // demodulation phase 2
	{Reg: 0x8e, Value: 0x23}, // sensor gain
	{Reg: 0x8f, Value: 0x07}, // image parameters
	{Reg: 0x90, Value: 0x00}, // carrier offset null
	{Reg: 0x91, Value: 0x1c}, // A/D reference high
	{Reg: 0x92, Value: 0x08}, // A/D reference low
	{Reg: 0x93, Value: 0x00}, // start row 0
	{Reg: 0x94, Value: 0x07}, // end row
	{Reg: 0x95, Value: 0x00}, // start column 0
	{Reg: 0x96, Value: 0x1f}, // end column
	{Reg: 0x97, Value: 0x04}, // data format and thresholds
	{Reg: 0x98, Value: 0x28}, // image data control
	{Reg: 0x99, Value: 0x00}, // general purpose outputs off
	{Reg: 0x9a, Value: 0x0b}, // initial scan state
	{Reg: 0x9b, Value: 0x00}, // challenge word bits
	{Reg: 0x9c, Value: 0x00},
	{Reg: 0x9d, Value: 0x09},
	{Reg: 0x9e, Value: 0x53},
	{Reg: 0x9f, Value: 0x6b},
}

// captureRegs arm a scan (libfprint aes3500.c capture_reqs): the sensor
// then sends one image when a finger is on it.
var captureRegs = []aeslib.RegWrite{
	{Reg: 0x80, Value: 0x00},
	{Reg: 0x81, Value: 0x00}, aeslib.Flush,
	{Reg: 0x81, Value: 0x04}, aeslib.Flush, // start the scan
	{Reg: 0x81, Value: 0x00},
}

// Options configure a Reader.
type Options struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
	// Info is reported by Info; Open fills the driver fields.
	Info device.Info
}

// Reader is an open AES3500.
type Reader struct {
	t    usb.Transport
	log  *slog.Logger
	info device.Info
}

// Open returns a reader for the device behind t, whose USB id is vid:pid.
func Open(t usb.Transport, vid, pid uint16, opts Options) (*Reader, error) {
	if vid != VID || pid != PID {
		return nil, fmt.Errorf("aes3500: %04x:%04x: %w", vid, pid, device.ErrUnsupported)
	}
	r := &Reader{t: t, log: opts.Log, info: opts.Info}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	r.info = Driver().Describe(r.info, vid, pid)
	return r, nil
}

// Info implements device.Reader.
func (r *Reader) Info() device.Info { return r.info }

// Close releases the transport.
func (r *Reader) Close() error { return r.t.Close() }

// Capture implements device.Reader: activate, arm, wait for the image,
// decode. The sensor answers the image read only once a finger rests on
// it, so that read has no timeout of its own: cancelling ctx ends the
// wait. The AES3500 has no power-down command (libfprint knows none and
// its recording ends with the image); deactivation is what libfprint does,
// cancelling the pending image read, and Capture does it however it ends.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (*device.Sample, error) {
	emit := func(k device.EventKind) { device.Notify(events, device.Event{Kind: k, Reader: r.info}) }
	if err := aeslib.WriteRegs(ctx, r.t, initRegs); err != nil {
		return nil, wrap("activate", err)
	}
	if err := aeslib.WriteRegs(ctx, r.t, captureRegs); err != nil {
		return nil, wrap("arm the scan", err)
	}
	tr, err := r.t.Submit(aeslib.EPIn, imageBytes, nil)
	if err != nil {
		return nil, wrap("wait for finger", err)
	}
	defer tr.Cancel() // a no-op once the image came
	emit(device.WaitingForFinger)
	raw, err := tr.Wait(ctx)
	if err != nil {
		return nil, wrap("wait for finger", err)
	}
	emit(device.FingerOn)
	emit(device.Capturing)
	img, err := Decode(raw)
	if err != nil {
		return nil, wrap("image", err)
	}
	r.log.Debug("aes3500: image", "frame headers", fmt.Sprintf("% x", frameHeaders(raw)))
	// libfprint reports the finger gone once the image is in: the sensor
	// says nothing about it.
	emit(device.FingerOff)
	return &device.Sample{Image: img, DPI: DPI, Reader: r.info}, nil
}

func wrap(phase string, err error) error { return device.Wrap("aes3500", phase, err) }

var _ device.Reader = (*Reader)(nil)
