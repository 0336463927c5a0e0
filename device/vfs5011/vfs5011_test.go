package vfs5011_test

import (
	"bytes"
	"testing"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/device/vfs5011"
)

// The recording is an ioctl log: it replays as umockdev-run does.
func TestReplayVFS5011IsPixelIdentical(t *testing.T) {
	s, rep, out := drivertest.ReplayNoting(t, "vfs5011", nil)
	drivertest.SameAsPNG(t, s, "vfs5011")
	if s.Reader.Driver != "vfs5011" || s.Reader.Presentation != device.Swipe || s.DPI != vfs5011.DPI {
		t.Errorf("sample = %v dpi from %+v, want the vfs5011 driver, swipe, %v dpi", s.DPI, s.Reader, vfs5011.DPI)
	}
	drivertest.OnlyRepliesLeft(t, rep, repliesNeverGiven)
	checkCommands(t, out.Writes())
}

// TestReplayVFS5011GivesAnISORecord: the replayed swipe goes through the
// extractor into an ISO/IEC 19794-2 record with the image's size and the
// sensor's resolution. The recording was made with something other than a
// finger (libfprint asks contributors not to submit real prints), so the
// minutia count says little; it is logged.
func TestReplayVFS5011GivesAnISORecord(t *testing.T) {
	s, _ := drivertest.Replay(t, "vfs5011", nil)
	drivertest.Template(t, s, vfs5011.DPI)
}

// BenchmarkReplayVFS5011 replays one capture: initialisation, arming, the
// swipe, its assembly and the re-arming.
func BenchmarkReplayVFS5011(b *testing.B) {
	recs, dev := drivertest.Records(b, "vfs5011")
	drivertest.Bench(b, drivertest.Tree(recs, dev), func(tr usb.Transport) (device.Reader, error) {
		return vfs5011.Open(tr, dev.VID, dev.PID, vfs5011.Options{})
	})
}

// repliesNeverGiven: the replies of repeated commands the tree holds (see
// drivertest.OnlyRepliesLeft).
const repliesNeverGiven = 25

// checkCommands: the sensor was armed before the swipe and again after it,
// as libfprint does.
func checkCommands(t *testing.T, commands [][]byte) {
	t.Helper()
	arms := 0
	for _, c := range commands {
		if bytes.Equal(c, []byte{0x04}) {
			arms++
		}
	}
	if arms != 2 {
		t.Errorf("armed %d times, want 2 (before and after the swipe)", arms)
	}
}

// TestDriverClaimsEveryLibfprintID: the registry sends every USB id of
// libfprint's vfs5011.c id_table to this driver, as a swipe sensor.
func TestDriverClaimsEveryLibfprintID(t *testing.T) {
	pids := []uint16{0x0010, 0x0011, 0x0015, 0x0017, 0x0018}
	if got := len(vfs5011.Driver().Models); got != len(pids) {
		t.Errorf("%d models, want %d", got, len(pids))
	}
	for _, pid := range pids {
		m, ok := readers.Lookup(vfs5011.VID, pid)
		if !ok || m.Driver.Name != "vfs5011" || m.Driver.Presentation != device.Swipe || m.Name == "" {
			t.Errorf("138a:%04x: %+v, %v; want the vfs5011 swipe driver", pid, m.Model, ok)
		}
	}
}
