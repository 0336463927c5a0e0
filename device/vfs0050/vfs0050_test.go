package vfs0050_test

import (
	"bytes"
	"testing"

	"aalogon/device"
	"aalogon/device/internal/drivertest"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/device/vfs0050"
)

// The recording is an ioctl log: it replays as umockdev-run does.
func TestReplayVFS0050IsPixelIdentical(t *testing.T) {
	s, rep, out := drivertest.ReplayNoting(t, "vfs0050", nil)
	drivertest.SameAsPNG(t, s, "vfs0050")
	if s.Reader.Driver != "vfs0050" || s.Reader.Presentation != device.Swipe || s.DPI != vfs0050.DPI {
		t.Errorf("sample = %v dpi from %+v, want the vfs0050 driver, swipe, %v dpi", s.DPI, s.Reader, vfs0050.DPI)
	}
	drivertest.OnlyRepliesLeft(t, rep, repliesNeverGiven)
	checkCommands(t, out.Writes())
}

// TestReplayVFS0050GivesAnISORecord: the replayed swipe goes through the
// extractor into an ISO/IEC 19794-2 record with the image's size and the
// sensor's resolution. The recording was made with something other than a
// finger (libfprint asks contributors not to submit real prints), so the
// minutia count says little; it is logged.
func TestReplayVFS0050GivesAnISORecord(t *testing.T) {
	s, _ := drivertest.Replay(t, "vfs0050", nil)
	drivertest.Template(t, s, vfs0050.DPI)
}

// BenchmarkReplayVFS0050 replays one capture: power up, light on, the
// swipe's 25 reads, its assembly, power down.
func BenchmarkReplayVFS0050(b *testing.B) {
	recs, dev := drivertest.Records(b, "vfs0050")
	drivertest.Bench(b, drivertest.Tree(recs, dev), func(tr usb.Transport) (device.Reader, error) {
		return vfs0050.Open(tr, dev.VID, dev.PID, vfs0050.Options{})
	})
}

// repliesNeverGiven: the replies of repeated commands the tree holds (see
// drivertest.OnlyRepliesLeft). The VFS0050's tree was also edited by hand
// for umockdev-run's order (its # lines).
const repliesNeverGiven = 63

// checkCommands: the last control packet sent powers the sensor off, and
// the image endpoint is cleared after it.
func checkCommands(t *testing.T, commands [][]byte) {
	t.Helper()
	var last []byte
	for _, c := range commands {
		if len(c) == 125 {
			last = c
		}
	}
	if len(last) < 2 || last[0] != 0x39 || last[1] != 0x01 {
		t.Errorf("last control packet % x…, want power off (39 01…)", last[:min(len(last), 4)])
	}
	if end := commands[len(commands)-1]; !bytes.Equal(end, []byte{0x04}) {
		t.Errorf("last command % x, want 04 (clear the image endpoint)", end)
	}
}

// TestDriverClaimsTheLibfprintID: the registry sends 138a:0050 (the only id
// of libfprint's vfs0050.c) to this driver, as a swipe sensor.
func TestDriverClaimsTheLibfprintID(t *testing.T) {
	if got := len(vfs0050.Driver().Models); got != 1 {
		t.Errorf("%d models, want 1", got)
	}
	m, ok := readers.Lookup(0x138a, 0x0050)
	if !ok || m.Driver.Name != "vfs0050" || m.Driver.Presentation != device.Swipe || m.Name != vfs0050.Name {
		t.Errorf("138a:0050: %+v, %v; want the vfs0050 swipe driver", m.Model, ok)
	}
}
