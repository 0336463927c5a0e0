package drivertest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"aalogon/device"
	"aalogon/device/fingerprint"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

// SameAsPNG fails the test unless s's image is capture.png of the
// recording name, pixel for pixel; the message gives how many pixels
// differ and the first of them.
func SameAsPNG(t testing.TB, s *device.Sample, name string) {
	t.Helper()
	want, w, h, err := shared.GrayPNG(filepath.Join(Dir(t, name), "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	img := s.Image
	if img.Rect.Dx() != w || img.Rect.Dy() != h {
		t.Fatalf("image is %dx%d, capture.png %dx%d", img.Rect.Dx(), img.Rect.Dy(), w, h)
	}
	got := make([]byte, 0, w*h)
	for y := range h {
		got = append(got, img.Pix[y*img.Stride:y*img.Stride+w]...)
	}
	if diff := shared.DiffPixels(got, want); diff != 0 {
		i := 0
		for got[i] == want[i] {
			i++
		}
		t.Errorf("%d of %d pixels differ from capture.png, the first at (%d,%d): %d, want %d",
			diff, len(want), i%w, i/w, got[i], want[i])
	}
}

// AllReplayed fails the test if the driver left records of a transcript
// unasked for.
func AllReplayed(t testing.TB, rep usb.Recording) {
	t.Helper()
	if rest := rep.Remaining(); len(rest) != 0 {
		t.Errorf("%d records not consumed, first %v", len(rest), rest[0])
	}
}

// WantEvents closes events and fails the test unless the events sent on it
// are want, in order.
func WantEvents(t testing.TB, events chan device.Event, want ...device.EventKind) {
	t.Helper()
	close(events)
	var got []device.EventKind
	for e := range events {
		got = append(got, e.Kind)
	}
	if !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
}

// Swipe is the events of a capture: waiting, finger on, capturing, finger
// off.
var Swipe = []device.EventKind{device.WaitingForFinger, device.FingerOn, device.Capturing, device.FingerOff}

// Template extracts s's minutiae into an ISO/IEC 19794-2 record, reads it
// back and fails the test unless it has one view, the image's size and
// dpi as its resolution. It logs the minutia count (the recordings are
// mostly of things other than fingers) and returns the record.
func Template(t testing.TB, s *device.Sample, dpi float64) *fingerprint.Record {
	t.Helper()
	tpl, err := fingerprint.Extract(s.Image, s.DPI)
	if err != nil {
		t.Fatal(err)
	}
	b, err := tpl.Encode()
	if err != nil {
		t.Fatal(err)
	}
	rec, err := fingerprint.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	w, h := s.Image.Rect.Dx(), s.Image.Rect.Dy()
	if int(rec.Width) != w || int(rec.Height) != h {
		t.Errorf("record is %dx%d, image %dx%d", rec.Width, rec.Height, w, h)
	}
	if want := fingerprint.DPIToPPCM(dpi); rec.ResX != want || rec.ResY != want {
		t.Errorf("record resolution %dx%d px/cm, want %d", rec.ResX, rec.ResY, want)
	}
	if len(rec.Views) != 1 {
		t.Fatalf("%d views, want 1", len(rec.Views))
	}
	t.Logf("%s: %dx%d image, %d minutiae, quality %d", s.Reader.Driver, w, h, len(rec.Views[0].Minutiae), tpl.Quality)
	return rec
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// OnlyRepliesLeft checks what a umockdev tree replay leaves over: every
// command of the recording was sent, and exactly replies replies were
// never given. A tree holds replies umockdev-record wrote under a command
// the recorded driver sent again; umockdev-run, like usb.TreeReplay,
// answers a repeated command with its first reply each time, so libfprint
// never got those either.
func OnlyRepliesLeft(t testing.TB, rep usb.Recording, replies int) {
	t.Helper()
	rest := rep.Remaining()
	for _, rec := range rest {
		if rec.Endpoint&0x80 == 0 {
			t.Errorf("command never sent: %v", rec)
		}
	}
	if len(rest) != replies {
		t.Errorf("%d replies not given, want %d", len(rest), replies)
	}
}
