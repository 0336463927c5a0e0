// The VFS5011's two command sequences, as libfprint's vfs5011.c sends them:
// the initialisation after the device is opened, and the one that arms a
// capture. Only their order and the replies' sizes are understood; the
// commands' bytes (in commands/, one hex file per libfprint array of
// vfs5011_proto.h, named as there) were taken from the Windows driver's
// traffic and are sent unchanged.

package vfs5011

import (
	"bytes"
	"context"
	"embed"
	"encoding/hex"
	"fmt"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
)

//go:embed commands/*.hex
var commandFiles embed.FS

// step is one transfer of a sequence: a command sent on epOut, or a reply
// read from an IN endpoint, which when ok is set must be the normal
// control reply 00 00.
type step struct {
	command string // commands/<command>.hex; "" for a read
	ep      uint8
	n       int
	ok      bool
}

func send(command string) step     { return step{command: command, ep: epOut} }
func recv(ep uint8, n int) step    { return step{ep: ep, n: n} }
func replyOK(ep uint8, n int) step { return step{ep: ep, n: n, ok: true} }

// normalReply is the control endpoint's "done" (VFS5011_NORMAL_CONTROL_REPLY).
var normalReply = []byte{0x00, 0x00}

// initialization runs once after the device is opened. The Windows driver
// also reads 8 bytes from endpoint 0x83 after init_18 and prepare_03; that
// read never ends under libusb, so neither libfprint nor this driver does it.
var initialization = []step{
	send("cmd_01"), recv(epCtrl, 64),
	send("cmd_19"), recv(epCtrl, 64), recv(epCtrl, 64),
	send("init_00"), recv(epCtrl, 64),
	send("init_01"), recv(epCtrl, 64),
	send("init_02"), replyOK(epCtrl, 64),
	send("cmd_01"), recv(epCtrl, 64),
	send("cmd_1a"), replyOK(epCtrl, 64),
	send("init_03"), replyOK(epCtrl, 64),
	send("init_04"), replyOK(epCtrl, 64), recv(epData, 256), recv(epData, 64),
	send("cmd_1a"), replyOK(epCtrl, 64),
	send("init_05"), replyOK(epCtrl, 64),
	send("cmd_01"), recv(epCtrl, 64),
	send("init_06"), replyOK(epCtrl, 64), recv(epData, 17216), recv(epData, 32),
	send("init_07"), replyOK(epCtrl, 64), recv(epData, 45056),
	send("init_08"), replyOK(epCtrl, 64), recv(epData, 16896),
	send("init_09"), replyOK(epCtrl, 64), recv(epData, 4928),
	send("init_10"), replyOK(epCtrl, 64), recv(epData, 5632),
	send("init_11"), replyOK(epCtrl, 64), recv(epData, 5632),
	send("init_12"), replyOK(epCtrl, 64), recv(epData, 3328), recv(epData, 64),
	send("init_13"), replyOK(epCtrl, 64),
	send("cmd_1a"), replyOK(epCtrl, 64),
	send("init_03"), replyOK(epCtrl, 64),
	send("init_14"), replyOK(epCtrl, 64), recv(epData, 4800),
	send("cmd_1a"), replyOK(epCtrl, 64),
	send("init_02"), replyOK(epCtrl, 64),
	send("cmd_27"), recv(epCtrl, 64),
	send("cmd_1a"), replyOK(epCtrl, 64),
	send("init_15"), replyOK(epCtrl, 64),
	send("init_16"), recv(epCtrl, 2368), recv(epCtrl, 64), recv(epData, 4800),
	send("init_17"), replyOK(epCtrl, 64),
	send("init_18"), replyOK(epCtrl, 64),
}

// initiateCapture arms the sensor: after it, endpoint 0x82 streams lines.
var initiateCapture = []step{
	send("cmd_04"), recv(epData, 64), recv(epData, 84032), replyOK(epCtrl, 64),
	send("cmd_1a"), replyOK(epCtrl, 64),
	send("prepare_00"), replyOK(epCtrl, 64),
	send("cmd_1a"), replyOK(epCtrl, 64),
	send("prepare_01"), replyOK(epCtrl, 64),
	send("prepare_02"), recv(epCtrl, 2368), recv(epCtrl, 64), recv(epData, 4800),
	send("prepare_03"), replyOK(epCtrl, 64),
	send("prepare_04"), replyOK(epCtrl, 2368),
}

// commands decodes the command files, by name.
func commands() (map[string][]byte, error) {
	entries, err := commandFiles.ReadDir("commands")
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(entries))
	for _, e := range entries {
		text, err := commandFiles.ReadFile("commands/" + e.Name())
		if err != nil {
			return nil, err
		}
		b, err := hex.DecodeString(string(bytes.ReplaceAll(text, []byte("\n"), nil)))
		if err != nil {
			return nil, fmt.Errorf("vfs5011: commands/%s: %w", e.Name(), err)
		}
		out[e.Name()[:len(e.Name())-len(".hex")]] = b
	}
	return out, nil
}

// run sends a sequence, each transfer with its own timeout. A command that
// goes out short, or a reply that is not 00 00 where that is required, is
// device.ErrProtocol.
func (r *Reader) run(ctx context.Context, seq []step, timeout time.Duration) error {
	for i, s := range seq {
		tctx, cancel := context.WithTimeout(ctx, timeout)
		err := r.step(tctx, s)
		cancel()
		if err != nil {
			return fmt.Errorf("step %d: %w", i+1, usb.TimeoutOf(ctx, err))
		}
	}
	return nil
}

func (r *Reader) step(ctx context.Context, s step) error {
	if s.command != "" {
		cmd, ok := r.commands[s.command]
		if !ok {
			return fmt.Errorf("%w: no command %s", device.ErrProtocol, s.command)
		}
		return usb.Write(ctx, r.t, s.ep, cmd)
	}
	reply, err := usb.Read(ctx, r.t, s.ep, s.n)
	if err != nil {
		return err
	}
	if s.ok && !bytes.Equal(reply, normalReply) {
		return fmt.Errorf("%w: endpoint %#02x answered % x, want 00 00", device.ErrProtocol, s.ep, abbreviate(reply))
	}
	return nil
}

func abbreviate(b []byte) []byte { return b[:min(len(b), 16)] }
