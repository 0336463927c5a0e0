package vfs301

import (
	"context"
	"errors"
	"fmt"
	"time"

	"aalogon/device/usb"
)

// step is one exchange: a message on epSend, then the replies it brings,
// read in turn. together: the two replies come on both endpoints in either
// order; the second may not come at all.
type step struct {
	send     []byte
	replies  []reply
	together bool
}

// reply is a reply of n bytes on endpoint ep.
type reply struct {
	ep uint8
	n  int
}

// activation is the exchange that readies the sensor (libfprint's
// vfs301_proto_init): version checks, configuration blocks, the scan
// programs and seven calibration scans, in the vendor driver's order.
func activation(m messages) []step {
	one := func(c byte) []byte { return []byte{c} }
	ok := []reply{{epCtrl, 2}} // 00 00
	version := step{send: one(cmdVersion), replies: []reply{{epCtrl, 38}}}
	prepare := step{send: one(cmdPrepare), replies: ok}
	steps := []step{
		version,
		{send: configCommand(4), replies: []reply{{epCtrl, 6}}},
		{send: configCommand(5), replies: []reply{{epCtrl, 7}}},
		{send: one(cmdHandshake), replies: []reply{{epCtrl, 64}, {epCtrl, 4}}},
		{send: m[msgConfig1], replies: ok},
		version,
		prepare,
		{send: m[msgConfig2], replies: ok},
		{send: m[msgProgram1], replies: []reply{{epCtrl, 2}, {epData, 256}, {epData, 32}}},
		prepare,
		{send: m[msgConfig3], replies: ok},
		version,
	}
	// The calibration scans and the lines each returns (208-byte lines).
	for i, n := range []int{11648, 53248, 19968, 5824, 6656, 6656, 832} {
		steps = append(steps, step{send: m[fmt.Sprintf("%s%d", msgCalibrate, i+1)], replies: []reply{{epCtrl, 2}, {epData, n}}})
	}
	return append(steps,
		step{send: m[msgConfig12], replies: ok},
		prepare,
		step{send: m[msgConfig2], replies: ok},
		step{send: m[msgIdle], replies: []reply{{epCtrl, 2}, {epData, 5760}}, together: true},
		prepare,
		step{send: m[msgConfig1], replies: ok},
		prepare,
		step{send: m[msgConfig4], replies: ok},
		step{send: m[msgLightOn], replies: ok},
		version,
		step{send: m[msgProgram3], replies: []reply{{epCtrl, 2368}, {epCtrl, 36}, {epData, 5760}}},
	)
}

// stop ends a swipe and returns the sensor to its idle program (the end of
// libfprint's vfs301_proto_process_event_poll). The sensor answers 12 04;
// the data endpoint may or may not flush a last block.
func stop(m messages) []step {
	return []step{
		{send: []byte{cmdStop}, replies: []reply{{epCtrl, 2}, {epData, 16384}}, together: true},
		{send: m[msgIdle], replies: []reply{{epData, 5760}, {epCtrl, 2}}, together: true},
	}
}

// run performs steps in order.
func (r *Reader) run(ctx context.Context, steps []step) error {
	for _, s := range steps {
		if err := r.send(ctx, s.send); err != nil {
			return fmt.Errorf("message %#02x: %w", s.send[0], err)
		}
		if s.together {
			if err := r.together(ctx, s.replies[0], s.replies[1]); err != nil {
				return fmt.Errorf("message %#02x: %w", s.send[0], err)
			}
			continue
		}
		for _, rp := range s.replies {
			if _, err := r.read(ctx, rp.ep, rp.n, transferTimeout); err != nil {
				return fmt.Errorf("message %#02x: reply on %#02x: %w", s.send[0], rp.ep, err)
			}
		}
	}
	return nil
}

// together reads the two replies of a step whose replies may come in either
// order, the way the vendor's driver (and libfprint's PARALLEL_RECEIVE) reads
// them: need, then maybe, which may time out, be cancelled or come short,
// then need once more if it had timed out behind maybe. One transfer is in
// flight at a time, as on the wire the recordings were made from. An
// unplugged reader is an error either way.
func (r *Reader) together(ctx context.Context, need, maybe reply) error {
	b, err := r.readUpTo(ctx, need.ep, need.n, transferTimeout)
	late := errors.Is(err, usb.ErrTimeout) && ctx.Err() == nil
	if err != nil && !late {
		return fmt.Errorf("reply on %#02x: %w", need.ep, err)
	}
	if _, err := r.readUpTo(ctx, maybe.ep, maybe.n, transferTimeout); err != nil && ctx.Err() == nil &&
		!errors.Is(err, usb.ErrTimeout) && !errors.Is(err, usb.ErrCancelled) && !errors.Is(err, usb.ErrShort) {
		return fmt.Errorf("reply on %#02x: %w", maybe.ep, err)
	}
	if late {
		if b, err = r.readUpTo(ctx, need.ep, need.n, transferTimeout); err != nil {
			return fmt.Errorf("reply on %#02x: %w", need.ep, err)
		}
	}
	if len(b) != need.n {
		return fmt.Errorf("%w: reply on %#02x: %d of %d bytes", usb.ErrShort, need.ep, len(b), need.n)
	}
	return ctx.Err()
}

// send writes a message on epSend.
func (r *Reader) send(ctx context.Context, b []byte) error {
	tctx, cancel := context.WithTimeout(ctx, transferTimeout)
	defer cancel()
	return usb.TimeoutOf(ctx, usb.Write(tctx, r.t, epSend, b))
}

// read reads exactly n bytes on ep.
func (r *Reader) read(ctx context.Context, ep uint8, n int, timeout time.Duration) ([]byte, error) {
	b, err := r.readUpTo(ctx, ep, n, timeout)
	if err == nil && len(b) != n {
		return nil, fmt.Errorf("%w: endpoint %#02x gave %d of %d bytes", usb.ErrShort, ep, len(b), n)
	}
	return b, err
}

// readUpTo reads at most n bytes on ep.
func (r *Reader) readUpTo(ctx context.Context, ep uint8, n int, timeout time.Duration) ([]byte, error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	b, err := usb.Read(tctx, r.t, ep, n)
	return b, usb.TimeoutOf(ctx, err)
}
