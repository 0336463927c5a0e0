//go:build cgo && !nousb

package usb_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

// The real libusb path, tested as users meet it: umockdev-run emulates the
// recorded device below libusb, and the unmodified gousb transport and
// drivers capture from it. The test binary re-runs itself inside
// umockdev-run with AALOGON_UMOCKDEV naming the recording.
func TestMain(m *testing.M) {
	if name := os.Getenv("AALOGON_UMOCKDEV"); name != "" {
		if err := captureInside(name); err != nil {
			fmt.Fprintln(os.Stderr, "capture under umockdev:", err)
			os.Exit(1)
		}
		fmt.Println("UMOCKDEV CAPTURE OK", name)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// recordings are the folders of usb-recordings/ replayed through libusb: one
// per driver.
var recordings = []string{
	"uru4500",
	"nb1010",
	"vfs301",
	"aes3500",
	"upektc_img",
	"vfs5011",
	"vfs0050",
	"aes2501",
	"egis0570",
	"elan",
	"vfs7552",
}

func TestLibUSBUnderUmockdev(t *testing.T) {
	if _, err := exec.LookPath("umockdev-run"); err != nil {
		t.Fatal("umockdev-run is missing: install the Debian package umockdev (make test does)")
	}
	for _, name := range recordings {
		t.Run(name, func(t *testing.T) {
			dir, err := shared.Path("usb-recordings/" + name)
			if err != nil {
				t.Fatal(err)
			}
			args, err := umockdevArgs(dir)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, "umockdev-run", append(args, "--", os.Args[0])...)
			cmd.Env = append(os.Environ(), "AALOGON_UMOCKDEV="+name, "AALOGON_SHARED="+filepath.Dir(filepath.Dir(dir)))
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "UMOCKDEV CAPTURE OK "+name) {
				t.Fatalf("capture through libusb under umockdev failed: %v\n%s", err, out)
			}
		})
	}
}

// umockdevArgs returns the umockdev-run options for a recording folder.
func umockdevArgs(dir string) ([]string, error) {
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		return nil, err
	}
	node := fmt.Sprintf("/dev/bus/usb/%03d/%03d", dev.Bus, dev.Dev)
	args := []string{"-d", filepath.Join(dir, "device")}
	if p := filepath.Join(dir, "capture.pcapng"); fileExists(p) {
		sysfs, err := sysfsPath(filepath.Join(dir, "device"))
		if err != nil {
			return nil, err
		}
		return append(args, "-p", sysfs+"="+p), nil
	}
	return append(args, "-i", node+"="+filepath.Join(dir, "capture.ioctl")), nil
}

func sysfsPath(deviceFile string) (string, error) {
	b, err := os.ReadFile(deviceFile)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if p, ok := strings.CutPrefix(line, "P: "); ok {
			return "/sys" + p, nil
		}
	}
	return "", fmt.Errorf("%s: no P: line", deviceFile)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// captureInside runs inside umockdev-run: it opens the emulated reader with
// libusb, captures, and compares with capture.png.
func captureInside(name string) error {
	dir, err := shared.Path("usb-recordings/" + name)
	if err != nil {
		return err
	}
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		return err
	}
	t, err := usb.Open(dev.VID, dev.PID)
	if err != nil {
		return err
	}
	info := device.Info{VID: dev.VID, PID: dev.PID, Bus: dev.Bus, Address: dev.Dev}
	r, err := readers.Open(t, info, device.OpenOptions{Replay: true})
	if err != nil {
		t.Close()
		return err
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, nil)
	if err != nil {
		return err
	}
	want, _, _, err := shared.GrayPNG(filepath.Join(dir, "capture.png"))
	if err != nil {
		return err
	}
	if diff := shared.DiffPixels(s.Image.Pix, want); diff != 0 {
		return fmt.Errorf("%d of %d pixels differ from capture.png", diff, len(want))
	}
	return nil
}
