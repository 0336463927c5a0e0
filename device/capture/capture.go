// Package capture is the step from a fingerprint reader to the ISO/IEC
// 19794-2 record that FINGER sends: capture an image, show a small preview
// when asked, extract the minutiae, refuse a print too small to match, and
// encode the record. Drivers give images; this package gives records; the
// logon flow sends them.
package capture

import (
	"context"
	"fmt"

	"aalogon/device"
	"aalogon/device/fingerprint"
)

// MinMinutiae is the fewest minutiae a capture must give to be sent. The
// matcher (device/fingerprint.Match) scores nothing under three paired
// minutiae and counts a print of fewer than 16 as 16, so against an enrolled
// print of about 40 minutiae a capture of four scores at most 11.95, just
// above Threshold (11.9), and only if every minutia pairs perfectly. On
// synthetic prints cropped to small sensor areas, captures of three or fewer
// minutiae never matched their own finger, four did 3 times in 19, five 9
// in 17, seven and more always. Sending a capture below five would nearly
// always cost the person one of the attempts the server allows.
const MinMinutiae = 5

// PreviewSize is the most pixels on the longer side of the preview sent
// with FingerOff (see Preview: at 500 dpi it is coarser still).
const PreviewSize = 96

// Func captures one sample and reports progress to events (may be nil):
// device.Manager.Capture, or a device.Reader's Capture.
type Func func(ctx context.Context, events chan<- device.Event) (*device.Sample, error)

// Source yields FINGER's record from a reader: it implements the logon
// flow's FingerprintSource. The zero value is not usable: Capture is
// required.
type Source struct {
	// Capture captures one sample.
	Capture Func
	// Events receives the reader's progress, a Failed event when a
	// capture cannot be used, and the preview. Nil: none.
	Events chan<- device.Event
	// Preview sends, with the FingerOff event that carries a capture's
	// Quality, the capture's Preview: shown, never stored.
	Preview bool
	// MinMinutiae is the fewest minutiae a capture must give. Zero:
	// MinMinutiae.
	MinMinutiae int
}

// Template captures a finger and returns its ISO/IEC 19794-2:2005 record
// (aa-api.md §3, FINGER). Each capture examined ends with a FingerOff
// event carrying its device.Quality (and the preview when asked). A
// capture that gives fewer than MinMinutiae minutiae is refused with
// device.ErrTooLittle (and a Failed event with the same Quality) rather
// than sent to fail at the server. Reader errors pass through as the
// device errors the reader reported.
func (s Source) Template(ctx context.Context) ([]byte, error) {
	rec, info, q, err := s.record(ctx)
	if err != nil && ctx.Err() == nil {
		device.Notify(s.Events, device.Event{Kind: device.Failed, Reader: info, Err: err, Quality: q})
	}
	return rec, err
}

func (s Source) record(ctx context.Context) ([]byte, device.Info, *device.Quality, error) {
	sample, err := s.Capture(ctx, s.Events)
	if err != nil {
		return nil, device.Info{}, nil, err
	}
	t, err := fingerprint.Extract(sample.Image, sample.DPI)
	if err != nil {
		return nil, sample.Reader, nil, fmt.Errorf("capture: %w: %w", device.ErrProtocol, err)
	}
	least := s.MinMinutiae
	if least == 0 {
		least = MinMinutiae
	}
	q := assess(sample.Image, sample.DPI, len(t.Features), least)
	seen := device.Event{Kind: device.FingerOff, Reader: sample.Reader, Quality: q}
	if s.Preview {
		seen.Preview = Preview(sample.Image, sample.DPI, PreviewSize)
	}
	device.Notify(s.Events, seen)
	if q.Poor() {
		return nil, sample.Reader, q, fmt.Errorf("capture: %d minutiae, %d needed: %w", q.Minutiae, least, device.ErrTooLittle)
	}
	rec, err := t.Encode()
	if err != nil {
		return nil, sample.Reader, nil, fmt.Errorf("capture: %w", err)
	}
	return rec, sample.Reader, nil, nil
}
