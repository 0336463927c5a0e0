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
		return usageErr("cli.device_needs_command")
	}
	switch args[0] {
	case "list":
		return deviceList(env, args[1:])
	case "capture":
		return deviceCapture(ctx, env, args[1:])
	case "replay":
		return deviceReplay(ctx, env, args[1:])
	}
	return usageErr("cli.unknown_device_command", "Name", args[0])
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
	fs := newFlags(env, "device list")
	language := langFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	env.say().choose(*language)
	bus := env.bus()
	found, err := bus.Scan()
	if err != nil {
		return readerError(err)
	}
	if len(found) == 0 {
		env.say().line(env.Stdout, "cli.no_readers")
		return nil
	}
	for _, i := range found {
		state := env.say().t("cli.reader_ready")
		if r, err := bus.Open(i); err != nil {
			state = strings.TrimSuffix(env.say().t(device.MessageKey(err)), ".")
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
	language := langFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	env.say().choose(*language)
	if *out == "" {
		return usageErr("cli.need_out")
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
				env.say().line(env.Stderr, "finger.place")
			case device.FingerOn:
				env.say().line(env.Stderr, "cli.capturing")
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
	language := langFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	env.say().choose(*language)
	if *dir == "" || *out == "" {
		return usageErr("cli.need_recording_out")
	}
	rep, dev, err := usb.OpenRecording(*dir)
	if err != nil {
		return &hinted{msg: msg("cli.recording_unreadable"), hint: msg("cli.hint_recording"), detail: err.Error()}
	}
	info := device.Info{VID: dev.VID, PID: dev.PID, Bus: dev.Bus, Address: dev.Dev}
	r, err := readers.Open(rep, info, device.OpenOptions{Replay: true})
	if errors.Is(err, device.ErrUnsupported) {
		return &hinted{msg: msg("cli.recording_unsupported", "ID", info.ID()), hint: msg("cli.hint_readers_doc")}
	}
	if err != nil {
		return readerError(err)
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := r.Capture(ctx, nil)
	if err != nil {
		return &hinted{msg: msg("cli.replay_failed"), detail: err.Error()}
	}
	// A usbmon capture is a transcript: what the driver left out is worth a
	// warning. An ioctl log is umockdev's tree, whose repeated replies
	// umockdev-run itself never plays: leftovers there say nothing.
	if _, tree := rep.(*usb.TreeReplay); tree {
		return writeSample(env, *out, s)
	}
	if rest := rep.Remaining(); len(rest) > 0 {
		env.say().line(env.Stderr, "cli.warn_not_replayed", "Count", len(rest), "First", rest[0])
	}
	return writeSample(env, *out, s)
}

func writeSample(env Env, path string, s *device.Sample) error {
	if err := writePNG(path, s.Image); err != nil {
		return err
	}
	env.say().line(env.Stdout, "cli.sample_written", "Path", path, "Width", s.Image.Rect.Dx(), "Height", s.Image.Rect.Dy(),
		"DPI", fmt.Sprintf("%.0f", s.DPI), "Reader", s.Reader.Name, "ID", s.Reader.ID())
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
		return &hinted{msg: msg("cli.no_finger")}
	}
	return &hinted{msg: msg(device.MessageKey(err)), detail: err.Error()}
}
