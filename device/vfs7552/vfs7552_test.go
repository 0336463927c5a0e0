package vfs7552_test

import (
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
	"aalogon/device/vfs7552"
)

// newReplay opens usb-recordings/vfs7552 for replay in strict order, so
// that every record must be consumed, the replay failing after stall
// without a matching record (0: 2 s). Its endpoint types are the
// device's but for 0x83: libfprint reads the interrupt endpoint 0x83 with
// bulk URBs (its RECV action always fills a bulk transfer, and the kernel
// accepts that), so the log says bulk where the descriptor says interrupt.
func newReplay(tb testing.TB, stall time.Duration) (*usb.Replay, *usb.DeviceFile) {
	tb.Helper()
	recs, dev := drivertest.Records(tb, "vfs7552")
	return usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: asRecorded(dev), Stall: stall}), dev
}

// asRecorded returns the device's endpoint types with 0x83 as libfprint
// used it.
func asRecorded(dev *usb.DeviceFile) map[uint8]uint8 {
	types := map[uint8]uint8{}
	for ep, typ := range dev.EndpointTypes {
		types[ep] = typ
	}
	types[0x83] = usb.TypeBulk
	return types
}

// captureReplay captures once from the recording through the registry, as
// `aalogon device replay` does.
func captureReplay(t testing.TB) (*device.Sample, *usb.Replay) {
	t.Helper()
	rep, dev := newReplay(t, 0)
	return drivertest.Capture(t, drivertest.OpenReader(t, rep, dev), nil), rep
}

func TestReplayVFS7552IsPixelIdentical(t *testing.T) {
	s, rep := captureReplay(t)
	drivertest.SameAsPNG(t, s, "vfs7552")
	if w, h := s.Image.Rect.Dx(), s.Image.Rect.Dy(); w != vfs7552.Width || h != vfs7552.Height {
		t.Errorf("image is %dx%d, want %dx%d", w, h, vfs7552.Width, vfs7552.Height)
	}
	if s.DPI != vfs7552.DPI || s.Reader.Driver != "vfs7552" || s.Reader.Presentation != device.Press {
		t.Errorf("sample = %v dpi from %+v", s.DPI, s.Reader)
	}
	drivertest.AllReplayed(t, rep)
}

func TestReplayVFS7552GivesATemplate(t *testing.T) {
	s, _ := captureReplay(t)
	rec := drivertest.Template(t, s, vfs7552.DPI)
	if int(rec.Width) != vfs7552.Width || int(rec.Height) != vfs7552.Height {
		t.Errorf("record is %dx%d, want %dx%d", rec.Width, rec.Height, vfs7552.Width, vfs7552.Height)
	}
}

// BenchmarkReplayVFS7552 replays one capture: initialisation, 33 frames
// (background, finger on, the image, finger off) and the stop.
func BenchmarkReplayVFS7552(b *testing.B) {
	recs, dev := drivertest.Records(b, "vfs7552")
	types := asRecorded(dev)
	drivertest.Bench(b, func() usb.Transport {
		return usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: types})
	}, func(tr usb.Transport) (device.Reader, error) {
		return vfs7552.Open(tr, dev.VID, dev.PID, vfs7552.Options{})
	})
}
