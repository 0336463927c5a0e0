package device

import (
	"fmt"
	"log/slog"

	"aalogon/device/usb"
)

// Presentation is how a person gives a sensor their finger.
type Presentation int

// Presentations.
const (
	// Press: an area sensor; the finger rests on it.
	Press Presentation = iota
	// Swipe: a strip sensor; the finger is drawn across it and the driver
	// assembles the strips.
	Swipe
)

func (p Presentation) String() string {
	if p == Swipe {
		return "swipe"
	}
	return "press"
}

// Model is one USB product a driver claims.
type Model struct {
	VID, PID uint16
	Name     string
}

// ID returns "vvvv:pppp".
func (m Model) ID() string { return fmt.Sprintf("%04x:%04x", m.VID, m.PID) }

// OpenOptions are what the registry passes to a driver's Open.
type OpenOptions struct {
	// Log receives protocol notes. Nil: discard.
	Log *slog.Logger
	// Replay is set when the transport plays back a libfprint recording:
	// the driver then behaves as libfprint did while recording (its
	// emulation seeds, no waits a recording does not need).
	Replay bool
}

// Driver declares a reader driver, once, in the driver's own package:
// everything else (the registry, the udev rule, `aalogon device list`,
// replay, the docs' table of readers) is derived from, or tested against,
// the declarations.
type Driver struct {
	// Name is the driver's package name, reported as Info.Driver.
	Name string
	// Models is every USB product the driver claims.
	Models []Model
	// Presentation says whether a person presses or swipes.
	Presentation Presentation
	// BulkIn lists IN endpoints that the driver reads with bulk transfers
	// although their descriptor says interrupt, as libfprint's driver does
	// (the kernel accepts it; umockdev's logs record it). Usually empty.
	BulkIn []uint8
	// Open drives the device already opened as t. info names the device;
	// its VID and PID are among Models. Open fills info's driver fields.
	Open func(t usb.Transport, info Info, opts OpenOptions) (Reader, error)
}

// Describe returns info naming the device vid:pid as d declares it:
// Info.Driver, the model's Name and the Presentation. Every driver's Open
// calls it, so a reader opened directly (a test, a replay) reports the
// same as one opened through the registry. An id d does not claim keeps
// info's Name.
func (d Driver) Describe(info Info, vid, pid uint16) Info {
	info.Driver, info.VID, info.PID, info.Presentation = d.Name, vid, pid, d.Presentation
	if m, ok := d.Model(vid, pid); ok {
		info.Name = m.Name
	}
	return info
}

// Model returns the model of a USB id that d claims.
func (d Driver) Model(vid, pid uint16) (Model, bool) {
	for _, m := range d.Models {
		if m.VID == vid && m.PID == pid {
			return m, true
		}
	}
	return Model{}, false
}
