package capture_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/capture"
	"aalogon/device/fingerprint"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

// recorded is a capture.Source on the reader of a recording in
// usb-recordings/, replaying its one capture.
func recorded(t *testing.T, name string) (capture.Source, chan device.Event) {
	t.Helper()
	dir, err := shared.Path("usb-recordings/" + name)
	if err != nil {
		t.Fatal(err)
	}
	rep, dev, err := usb.OpenRecording(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := readers.Open(rep, device.Info{VID: dev.VID, PID: dev.PID, Bus: dev.Bus, Address: dev.Dev}, device.OpenOptions{Replay: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	events := make(chan device.Event, 64)
	return capture.Source{Capture: r.Capture, Events: events}, events
}

// The captures of the eleven recorded readers are judged by the
// extractor as they were before it judged them: the same nine are sent
// (the U.are.U 4500's with its 11 minutiae among them, see
// fingerprint.MinFeatures; the others gave 12 to 66), the same two refused
// for too little of the finger (AES2501: a sliver of print, 1 minutia;
// VFS5011: a sensor covered with something of 2 minutiae), with the same
// share of the sensor covered. libfprint's recordings are mostly of things
// other than fingertips.
func TestTheRecordedCapturesAreJudgedAsBefore(t *testing.T) {
	for _, tc := range []struct {
		reader       string
		coverPercent int
		reason       fingerprint.Reason
	}{
		{"uru4500", 86, fingerprint.ReasonNone},
		{"nb1010", 88, fingerprint.ReasonNone},
		{"aes2501", 30, fingerprint.ReasonSmallArea},
		{"aes3500", 100, fingerprint.ReasonNone},
		{"egis0570", 77, fingerprint.ReasonNone},
		{"elan", 77, fingerprint.ReasonNone},
		{"upektc_img", 54, fingerprint.ReasonNone},
		{"vfs0050", 100, fingerprint.ReasonNone},
		{"vfs301", 100, fingerprint.ReasonNone},
		{"vfs5011", 100, fingerprint.ReasonFewMinutiae},
		{"vfs7552", 93, fingerprint.ReasonNone},
	} {
		t.Run(tc.reader, func(t *testing.T) {
			src, events := recorded(t, tc.reader)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			rec, err := src.Template(ctx)
			var poor *fingerprint.PoorImageError
			switch {
			case tc.reason == fingerprint.ReasonNone && (err != nil || rec == nil):
				t.Fatalf("Template() = %d bytes, %v; want the record sent", len(rec), err)
			case tc.reason != fingerprint.ReasonNone && (!errors.Is(err, device.ErrTooLittle) || !errors.As(err, &poor) || poor.Reason != tc.reason):
				t.Fatalf("Template() error = %v, want refused for %v", err, tc.reason)
			}
			var q *device.Quality
			for _, e := range drain(events) {
				if e.Kind == device.FingerOff && e.Quality != nil {
					q = e.Quality
				}
			}
			if q == nil {
				t.Fatal("no FingerOff event carried the capture's quality")
			}
			wantProblem := device.QualityGood
			if tc.reason != fingerprint.ReasonNone {
				wantProblem = device.QualityTooLittle
			}
			if int(q.Coverage*100+0.5) != tc.coverPercent || q.Problem != wantProblem || q.Needed != fingerprint.MinFeatures {
				t.Errorf("quality %+v, want %d %% covered, %v, %d needed", *q, tc.coverPercent, wantProblem, fingerprint.MinFeatures)
			}
			t.Logf("%d minutiae", q.Minutiae)
		})
	}
}
