package vfs301_test

import (
	"fmt"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
	"aalogon/device/vfs301"
)

// The recording's capture.ioctl is a umockdev tree, not a transcript
// (usb.TreeReplay): umockdev-record merged three activations and three
// swipes into it, and libfprint's own test replays one path through it, as
// TreeReplay does.

func TestReplayVFS301IsPixelIdentical(t *testing.T) {
	s, rep := drivertest.Replay(t, "vfs301", nil)
	drivertest.SameAsPNG(t, s, "vfs301")
	if s.DPI != vfs301.DPI || s.Reader.Driver != "vfs301" || s.Reader.Presentation != device.Swipe {
		t.Errorf("sample = %v dpi from %+v", s.DPI, s.Reader)
	}
	checkOnlyDuplicatesLeft(t, rep.(*usb.TreeReplay))
}

// checkOnlyDuplicatesLeft: the tree log cannot be consumed whole (it holds
// three sessions merged), so the check is that every line left over is the
// same exchange as one the capture did replay: the driver sent every message
// the log holds and read every kind of reply.
func checkOnlyDuplicatesLeft(t *testing.T, rep *usb.TreeReplay) {
	t.Helper()
	all, _ := drivertest.Records(t, "vfs301")
	left := map[int]bool{}
	for _, r := range rep.Remaining() {
		left[r.Index] = true
	}
	key := func(r usb.Record) string { return fmt.Sprintf("%d %#x %d %x", r.Type, r.Endpoint, r.Length, r.Data) }
	replayed := map[string]bool{}
	for _, r := range all {
		if r.Event == 'S' && !left[r.Index] {
			replayed[key(r)] = true
		}
	}
	for _, r := range rep.Remaining() {
		if !replayed[key(r)] {
			t.Errorf("the capture never made the exchange of %v", r)
		}
	}
	if got, want := rep.Matched(), 70; got != want {
		t.Errorf("%d of the log's lines matched, want %d (libfprint's path)", got, want)
	}
}

func TestReplayVFS301GivesATemplate(t *testing.T) {
	s, _ := drivertest.Replay(t, "vfs301", nil)
	if rec := drivertest.Template(t, s, vfs301.DPI); len(rec.Views[0].Minutiae) == 0 {
		t.Fatal("record has no minutiae")
	}
}

// BenchmarkReplayVFS301 replays one capture (activation, swipe, stop,
// assembly) through the tree replay, the swipe poll shortened to 1 ms.
func BenchmarkReplayVFS301(b *testing.B) {
	recs, dev := drivertest.Records(b, "vfs301")
	drivertest.Bench(b, drivertest.Tree(recs, dev), func(tr usb.Transport) (device.Reader, error) {
		return vfs301.Open(tr, dev.VID, dev.PID, vfs301.Options{PollInterval: time.Millisecond})
	})
}
