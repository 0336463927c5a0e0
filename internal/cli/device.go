package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"strings"
	"time"

	"aalogon/device"
	"aalogon/device/readers"
	"aalogon/device/usb"
	"aalogon/internal/atomicfile"
)

func deviceCmd(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: device needs a command: list, capture or replay", errUsage)
	}
	switch args[0] {
	case "list":
		return deviceList(env, args[1:])
	case "capture":
		return deviceCapture(ctx, env, args[1:])
	case "replay":
		return deviceReplay(ctx, env, args[1:])
	}
	return fmt.Errorf("%w: unknown device command %q", errUsage, args[0])
}

// bus is where `aalogon device` finds readers.
func (env Env) bus() device.Bus {
	if env.Readers != nil {
		return env.Readers
	}
	return readers.USB{}
}

// deviceList prints each supported reader plugged in: id, where it is,
// model, press or swipe, and whether it can be used.
func deviceList(env Env, args []string) error {
	if err := parse(newFlags(env, "device list"), args); err != nil {
		return err
	}
	bus := env.bus()
	found, err := bus.Scan()
	if err != nil {
		return readerError(err)
	}
	if len(found) == 0 {
		fmt.Fprintln(env.Stdout, "no supported fingerprint reader is connected")
		return nil
	}
	for _, i := range found {
		state := "ready"
		if r, err := bus.Open(i); err != nil {
			state = strings.TrimSuffix(device.Message(err), ".")
		} else {
			r.Close()
		}
		fmt.Fprintf(env.Stdout, "%s  bus %03d device %03d  %-40s %-5s  %s\n", i.ID(), i.Bus, i.Address, i.Name, i.Presentation, state)
	}
	return nil
}

func deviceCapture(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "device capture")
	out := fs.String("out", "", "write the image to `FILE.png`")
	prefer := fs.String("reader", "", "use the reader with this `vvvv:pppp` id (default: the first found)")
	timeout := fs.Duration("timeout", time.Minute, "give up waiting for a finger after this long")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out is required", errUsage)
	}
	m := device.NewManager(device.ManagerConfig{Bus: env.bus(), Prefer: *prefer})
	m.Scan()
	defer m.Close()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	events := make(chan device.Event, 8)
	go func() {
		for e := range events {
			switch e.Kind {
			case device.WaitingForFinger:
				fmt.Fprintln(env.Stderr, "Place your finger on the reader.")
			case device.FingerOn:
				fmt.Fprintln(env.Stderr, "Capturing; lift your finger when asked.")
			}
		}
	}()
	s, err := m.Capture(ctx, events)
	close(events)
	if err != nil {
		return readerError(err)
	}
	return writeSample(env, *out, s)
}

func deviceReplay(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "device replay")
	dir := fs.String("recording", "", "recording `DIR` holding `device` and capture.pcapng or capture.ioctl")
	out := fs.String("out", "", "write the decoded image to `FILE.png`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dir == "" || *out == "" {
		return fmt.Errorf("%w: --recording and --out are required", errUsage)
	}
	rep, dev, err := usb.OpenRecording(*dir)
	if err != nil {
		return &hinted{msg: err.Error(), hint: "a recording folder holds a umockdev `device` file and capture.pcapng or capture.ioctl"}
	}
	info := device.Info{VID: dev.VID, PID: dev.PID, Bus: dev.Bus, Address: dev.Dev}
	r, err := readers.Open(rep, info, device.OpenOptions{Replay: true})
	if errors.Is(err, device.ErrUnsupported) {
		return &hinted{msg: fmt.Sprintf("the recording is of a reader no driver supports (%s)", info.ID()),
			hint: "docs/readers.md lists the supported readers and how to add one"}
	}
	if err != nil {
		return readerError(err)
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, nil)
	if err != nil {
		return &hinted{msg: err.Error()}
	}
	// A usbmon capture is a transcript: what the driver left out is worth a
	// warning. An ioctl log is umockdev's tree, whose repeated replies
	// umockdev-run itself never plays: leftovers there say nothing.
	if _, tree := rep.(*usb.TreeReplay); tree {
		return writeSample(env, *out, s)
	}
	if rest := rep.Remaining(); len(rest) > 0 {
		fmt.Fprintf(env.Stderr, "aalogon: warning: %d records of the recording were not replayed, from %s\n", len(rest), rest[0])
	}
	return writeSample(env, *out, s)
}

func writeSample(env Env, path string, s *device.Sample) error {
	if err := writePNG(path, s.Image); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %dx%d at %.0f dpi from %s (%s)\n", path, s.Image.Rect.Dx(), s.Image.Rect.Dy(),
		s.DPI, s.Reader.Name, s.Reader.ID())
	return nil
}

// writePNG writes a fingerprint image: biometric data, readable by its
// owner only; a symbolic link planted at path is replaced, not followed.
func writePNG(path string, img image.Image) error {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return err
	}
	return atomicfile.Write(path, b.Bytes(), 0o600, -1)
}

func readerError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &hinted{msg: "no finger was placed on the reader in time"}
	}
	return &hinted{msg: strings.TrimSuffix(device.Message(err), "."), hint: "(" + err.Error() + ")"}
}
