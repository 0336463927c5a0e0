// Package capture is the step from a fingerprint reader to the ISO/IEC
// 19794-2 record that FINGER sends: capture an image, show a small preview
// when asked, extract the minutiae, refuse a poor capture with its reason,
// and encode the record. Drivers give images; this package gives records;
// the logon flow sends them.
//
// Whether a capture is sent is the extractor's judgement
// (device/fingerprint's Template.Check, its limits calibrated there): a
// capture it finds poor is refused with its reason, which costs the person
// no attempt, where a record sent to fail at the server costs one.
package capture

import (
	"context"
	"fmt"

	"aalogon/device"
	"aalogon/device/fingerprint"
)

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
}

// Template captures a finger and returns its ISO/IEC 19794-2:2005 record
// (aa-api.md §3, FINGER). Each capture examined ends with a FingerOff
// event carrying its device.Quality (and the preview when asked). A
// capture that Template.Check finds poor (too small an area of print,
// smudged, too faint, fewer than fingerprint.MinFeatures minutiae) is
// refused with device.ErrTooLittle wrapping the check's
// *fingerprint.PoorImageError, and a Failed event with the same Quality,
// rather than sent to fail at the server. Reader errors pass through as
// the device errors the reader reported.
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
	q, poor := judge(t, sample.Image, sample.DPI)
	seen := device.Event{Kind: device.FingerOff, Reader: sample.Reader, Quality: q}
	if s.Preview {
		seen.Preview = Preview(sample.Image, sample.DPI, PreviewSize)
	}
	device.Notify(s.Events, seen)
	if poor != nil {
		return nil, sample.Reader, q, fmt.Errorf("capture: %w: %w", device.ErrTooLittle, poor)
	}
	rec, err := t.Encode()
	if err != nil {
		return nil, sample.Reader, nil, fmt.Errorf("capture: %w", err)
	}
	return rec, sample.Reader, nil, nil
}
