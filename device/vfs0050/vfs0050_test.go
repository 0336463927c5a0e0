package vfs0050_test

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/fingerprint"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/device/vfs0050"
	"aalogon/internal/shared"
)

// sent records the commands a driver writes.
type sent struct {
	usb.Transport
	mu       sync.Mutex
	commands [][]byte
}

func (s *sent) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	if ep&0x80 == 0 {
		s.mu.Lock()
		s.commands = append(s.commands, append([]byte(nil), data...))
		s.mu.Unlock()
	}
	return s.Transport.Submit(ep, n, data)
}

// openRecording opens libfprint's VFS0050 recording through the registry,
// as `aalogon device replay` does.
func openRecording(t testing.TB) (*usb.TreeReplay, *sent, device.Reader, string) {
	t.Helper()
	dir, err := shared.Path("usb-recordings/vfs0050")
	if err != nil {
		t.Fatal(err)
	}
	rep, dev, err := usb.OpenRecording(dir)
	if err != nil {
		t.Fatal(err)
	}
	info := device.Info{VID: dev.VID, PID: dev.PID, Bus: dev.Bus, Address: dev.Dev}
	out := &sent{Transport: rep}
	r, err := readers.Open(out, info, device.OpenOptions{Replay: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return rep.(*usb.TreeReplay), out, r, dir // an ioctl log replays as umockdev-run does
}

func capture(t testing.TB, r device.Reader) *device.Sample {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReplayVFS0050IsPixelIdentical(t *testing.T) {
	rep, out, r, dir := openRecording(t)
	if got := r.Info(); got.Driver != "vfs0050" || got.Presentation != device.Swipe {
		t.Errorf("Info() = %+v, want the vfs0050 driver, swipe", got)
	}
	s := capture(t, r)
	want, w, h, err := shared.GrayPNG(filepath.Join(dir, "capture.png"))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Image.Bounds(); got.Dx() != w || got.Dy() != h {
		t.Fatalf("image is %dx%d, capture.png %dx%d", got.Dx(), got.Dy(), w, h)
	}
	if diff := shared.DiffPixels(s.Image.Pix, want); diff != 0 {
		t.Errorf("%d of %d pixels differ from capture.png", diff, len(want))
	}
	if s.DPI != vfs0050.DPI {
		t.Errorf("DPI = %v, want %v", s.DPI, vfs0050.DPI)
	}
	// Every command of the recording was sent. Its tree also holds replies
	// umockdev-record wrote under a command the recorded driver sent again;
	// umockdev-run, like usb.TreeReplay, answers a repeated command with
	// its first reply each time, so libfprint never got those either.
	rest := rep.Remaining()
	for _, rec := range rest {
		if rec.Endpoint&0x80 == 0 {
			t.Errorf("command never sent: %v", rec)
		}
	}
	if len(rest) != repliesNeverGiven {
		t.Errorf("%d replies not given, want %d", len(rest), repliesNeverGiven)
	}
	checkCommands(t, out.commands)
}

// TestReplayVFS0050GivesAnISORecord: the replayed swipe goes through the
// extractor into an ISO/IEC 19794-2 record with the image's size and the
// sensor's resolution. The recording was made with something other than a
// finger (libfprint asks contributors not to submit real prints), so the
// minutia count says little; it is logged.
func TestReplayVFS0050GivesAnISORecord(t *testing.T) {
	_, _, r, _ := openRecording(t)
	s := capture(t, r)
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
	w, h := s.Image.Bounds().Dx(), s.Image.Bounds().Dy()
	if int(rec.Width) != w || int(rec.Height) != h {
		t.Errorf("record is %dx%d, image %dx%d", rec.Width, rec.Height, w, h)
	}
	if want := fingerprint.DPIToPPCM(vfs0050.DPI); rec.ResX != want || rec.ResY != want {
		t.Errorf("record resolution %dx%d px/cm, want %d", rec.ResX, rec.ResY, want)
	}
	if len(rec.Views) != 1 {
		t.Fatalf("%d views, want 1", len(rec.Views))
	}
	t.Logf("vfs0050 replay: %dx%d image, %d minutiae, quality %d", w, h, len(rec.Views[0].Minutiae), tpl.Quality)
}

// BenchmarkReplayVFS0050 replays one capture: power up, light on, the
// swipe's 25 reads, its assembly, power down.
func BenchmarkReplayVFS0050(b *testing.B) {
	dir, err := shared.Path("usb-recordings/vfs0050")
	if err != nil {
		b.Fatal(err)
	}
	recs, err := usb.ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		b.Fatal(err)
	}
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rep := usb.NewTreeReplay(recs, dev.EndpointTypes)
		r, _ := vfs0050.Open(rep, dev.VID, dev.PID, vfs0050.Options{})
		if _, err := r.Capture(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// repliesNeverGiven: see TestReplayVFS0050IsPixelIdentical. The VFS0050's
// tree was also edited by hand for umockdev-run's order (its # lines).
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
