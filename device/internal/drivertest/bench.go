package drivertest

import (
	"context"
	"testing"

	"aalogon/device"
	"aalogon/device/usb"
)

// Bench runs one capture per iteration: each on a fresh replay from
// replay, opened by open. Reading the recording stays outside the loop.
func Bench(b *testing.B, replay func() usb.Transport, open func(usb.Transport) (device.Reader, error)) {
	b.ReportAllocs()
	for b.Loop() {
		r, err := open(replay())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Capture(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// Transcript returns a fresh strict-order replay of recs per call, as
// usb.OpenRecording makes for a pcapng transcript.
func Transcript(recs []usb.Record, dev *usb.DeviceFile) func() usb.Transport {
	return func() usb.Transport {
		return usb.NewReplay(recs, usb.ReplayOptions{Bus: dev.Bus, Dev: dev.Dev, EndpointTypes: dev.EndpointTypes})
	}
}

// Tree returns a fresh umockdev tree replay of recs per call, as
// usb.OpenRecording makes for an ioctl log.
func Tree(recs []usb.Record, dev *usb.DeviceFile) func() usb.Transport {
	return func() usb.Transport { return usb.NewTreeReplay(recs, dev.EndpointTypes) }
}
