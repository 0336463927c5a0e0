package cli

import (
	"context"
	"image"

	"aalogon/device"
	"aalogon/device/fingerprint"
)

// readerFinger answers FINGER from a reader: capture, extract the minutiae,
// encode the ISO/IEC 19794-2 record. capture is a Manager's (real readers)
// or a virtual reader's Capture.
type readerFinger struct {
	capture func(ctx context.Context, events chan<- device.Event) (*device.Sample, error)
	events  chan<- device.Event
	preview bool
}

func (r readerFinger) Template(ctx context.Context) ([]byte, error) {
	s, err := r.capture(ctx, r.events)
	if err != nil {
		return nil, err
	}
	if r.preview && r.events != nil {
		select {
		case r.events <- device.Event{Kind: device.FingerOff, Reader: s.Reader, Preview: thumbnail(s.Image, 96)}:
		default:
		}
	}
	t, err := fingerprint.Extract(s.Image, s.DPI)
	if err != nil {
		return nil, err
	}
	return t.Encode()
}

// thumbnail scales img down to at most size pixels on its longer side.
func thumbnail(img *image.Gray, size int) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	step := max(1, (max(w, h)+size-1)/size)
	out := image.NewGray(image.Rect(0, 0, w/step, h/step))
	for y := range out.Rect.Dy() {
		for x := range out.Rect.Dx() {
			out.Pix[y*out.Stride+x] = img.Pix[(y*step)*img.Stride+x*step]
		}
	}
	return out
}
