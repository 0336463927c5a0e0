package capture_test

import (
	"context"
	"errors"
	"image"
	"testing"

	"aalogon/device"
	"aalogon/device/capture"
	"aalogon/device/fingerprint"
	"aalogon/device/virtual"
)

// source is a capture.Source on a virtual reader that serves img at once.
func source(img *image.Gray, preview bool) (capture.Source, chan device.Event) {
	r := virtual.New(virtual.Images(img), virtual.Options{AutoTouch: true, DPI: fingerprint.SynthDPI})
	events := make(chan device.Event, 16)
	return capture.Source{Capture: r.Capture, Events: events, Preview: preview}, events
}

func drain(events chan device.Event) []device.Event {
	close(events)
	var out []device.Event
	for e := range events {
		out = append(out, e)
	}
	return out
}

func TestTemplateSendsTheRecordOfTheCapture(t *testing.T) {
	src, events := source(fingerprint.NewMaster(7, 256, 336).Impression(1), true)
	rec, err := src.Template(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got, err := fingerprint.Decode(rec)
	if err != nil || got.Validate() != nil || len(got.Views[0].Minutiae) < 15 || got.Width != 256 {
		t.Fatalf("record %+v, %v", got, err)
	}
	var preview image.Image
	for _, e := range drain(events) {
		if e.Preview != nil {
			preview = e.Preview
		}
	}
	if preview == nil {
		t.Fatal("no preview was sent")
	}
	if b := preview.Bounds(); b.Dx() > capture.PreviewSize || b.Dy() > capture.PreviewSize || b.Dx() == 0 {
		t.Errorf("preview %v, want at most %d pixels a side", b, capture.PreviewSize)
	}
}

func TestTemplateSendsNoPreviewUnasked(t *testing.T) {
	src, events := source(fingerprint.NewMaster(7, 256, 336).Impression(1), false)
	if _, err := src.Template(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, e := range drain(events) {
		if e.Preview != nil {
			t.Errorf("a preview was sent with %v though none was asked for", e.Kind)
		}
	}
}

// A capture that shows too little of the finger is refused with a reason
// the person can act on, instead of a record that would cost them one of
// the server's attempts.
func TestTemplateRefusesTooLittleOfTheFinger(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 256, 336))
	for i := range blank.Pix {
		blank.Pix[i] = 0xff
	}
	tip := crop(fingerprint.NewMaster(7, 256, 336).Impression(1), image.Rect(100, 20, 170, 90))
	tp, err := fingerprint.Extract(tip, fingerprint.SynthDPI)
	if err != nil || len(tp.Features) == 0 || len(tp.Features) >= fingerprint.MinFeatures {
		t.Fatalf("the fingertip gives minutiae (%v); the test needs some, fewer than %d", err, fingerprint.MinFeatures)
	}
	for _, tc := range []struct {
		name string
		img  *image.Gray
	}{{"nothing on the sensor", blank}, {"only the fingertip", tip}} {
		t.Run(tc.name, func(t *testing.T) {
			src, events := source(tc.img, false)
			rec, err := src.Template(context.Background())
			if !errors.Is(err, device.ErrTooLittle) || rec != nil {
				t.Fatalf("Template() = %d bytes, %v; want no record and ErrTooLittle", len(rec), err)
			}
			if msg := device.Message(err); msg != "Too little of the finger was seen. Cover more of the sensor and try again." {
				t.Errorf("message %q", msg)
			}
			var failed bool
			for _, e := range drain(events) {
				failed = failed || (e.Kind == device.Failed && errors.Is(e.Err, device.ErrTooLittle))
			}
			if !failed {
				t.Error("no Failed event told the window why")
			}
		})
	}
}

func TestTemplatePassesReaderErrorsThrough(t *testing.T) {
	r := virtual.New(virtual.Images(image.NewGray(image.Rect(0, 0, 8, 8))), virtual.Options{AutoTouch: true})
	r.Close()
	src := capture.Source{Capture: r.Capture}
	if _, err := src.Template(context.Background()); !errors.Is(err, device.ErrUnplugged) {
		t.Errorf("Template() error = %v, want ErrUnplugged", err)
	}
}

func TestPreviewOfASubImage(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 400, 400))
	for y := 200; y < 400; y++ {
		for x := 200; x < 400; x++ {
			img.Pix[img.PixOffset(x, y)] = 0xff
		}
	}
	p := capture.Preview(img.SubImage(image.Rect(200, 200, 400, 400)).(*image.Gray), 100, 50)
	if b := p.Bounds(); b.Dx() != 50 || b.Dy() != 50 || p.GrayAt(10, 10).Y != 0xff {
		t.Errorf("preview %v with pixel %v, want 50x50 of the white quarter", b, p.GrayAt(10, 10))
	}
}

func crop(img *image.Gray, r image.Rectangle) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := range r.Dy() {
		copy(out.Pix[y*out.Stride:(y+1)*out.Stride], img.Pix[img.PixOffset(r.Min.X, r.Min.Y+y):])
	}
	return out
}
