package cli

import (
	"context"
	"testing"

	"aalogon/device"
	"aalogon/device/fingerprint"
	"aalogon/device/virtual"
)

func TestReaderFingerSendsTheRecordOfTheCapture(t *testing.T) {
	img := fingerprint.NewMaster(7, 256, 336).Impression(1)
	r := virtual.New(virtual.Images(img), virtual.Options{AutoTouch: true})
	events := make(chan device.Event, 16)
	rec, err := readerFinger{capture: r.Capture, events: events, preview: true}.Template(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got, err := fingerprint.Decode(rec)
	if err != nil || got.Validate() != nil || len(got.Views[0].Minutiae) < 15 || got.Width != 256 {
		t.Fatalf("record %+v, %v", got, err)
	}
	close(events)
	var preview bool
	for e := range events {
		if e.Preview != nil {
			b := e.Preview.Bounds()
			preview = b.Dx() <= 96 && b.Dy() <= 96 && b.Dx() > 0
		}
	}
	if !preview {
		t.Error("no small preview was sent")
	}
}
