package vfs7552

import (
	"context"
	"encoding/binary"
	"fmt"
	"image"

	"aalogon/device"
)

// Frame geometry (vfs7552.c): 112 lines of 8 control bytes and 112 pixels,
// sent in chunks of a 6-byte header (bytes 2–3: payload length, little
// endian) and whole lines, 40 at most.
const (
	side          = 112
	frameSize     = side * side
	controlPixels = 8
	lineLen       = controlPixels + side
	chunkHeader   = 6
	chunkLen      = 4806 // the read buffer for one chunk

	// Width and Height of the images: libfprint doubles each pixel.
	Width  = 2 * side
	Height = 2 * side
)

// DPI is the resolution of the images. libfprint stores none for the
// VFS7552 and treats every image, this 224×224 doubling of the 112×112
// frame included, as 500 ppi (fp-image.c, fp_image_get_ppmm); no vendor
// figure for the sensor is at hand.
const DPI = 500

// Variance bounds of a cleaned frame (vfs7552.c).
const (
	fingerOnMin  = 1200 // above: a finger is on
	noiseMax     = 4000 // at or above: noise, not a finger
	fingerOffMax = 100  // below: the finger is off
)

// phase is what the frames are read for.
type phase int

const (
	awaitFinger phase = iota // a finger to come
	takeImage                // a frame good enough to keep
	awaitLift                // the finger to lift
)

// done reports whether a cleaned frame's variance ends the phase.
func (p phase) done(v int) bool {
	if p == awaitLift {
		return v < fingerOffMax
	}
	return v > fingerOnMin && v < noiseMax
}

// frameUntil reads frames until one, cleaned against the background, ends
// phase p, and returns it. The first frame with no background becomes the
// background. While waiting for a finger to lift, a "finger off" answer is
// followed by a frame like "ready" is, as libfprint does; before that it is
// polled past.
func (r *Reader) frameUntil(ctx context.Context, p phase) ([]byte, error) {
	for {
		state, err := r.frameState(ctx)
		if err != nil {
			return nil, err
		}
		switch {
		case state == frameNotReady, state == frameFingerOff && p != awaitLift:
			continue
		case state != frameReady && state != frameFingerOff:
			return nil, fmt.Errorf("%w: frame state %#02x", device.ErrProtocol, state)
		}
		frame, err := r.readFrame(ctx)
		if err != nil {
			return nil, err
		}
		if r.background == nil {
			r.background = frame
			continue
		}
		if !clean(frame, r.background) {
			r.background = nil // darker than the background: retake it
		}
		if p.done(variance(frame)) {
			return frame, nil
		}
	}
}

// frameState asks whether a frame is ready.
func (r *Reader) frameState(ctx context.Context) (byte, error) {
	if err := r.send(ctx, cmdFrameReady, transferTimeout); err != nil {
		return 0, err
	}
	b, err := r.read(ctx, replyLen, transferTimeout)
	if err != nil {
		return 0, err
	}
	if len(b) != 6 {
		return 0, fmt.Errorf("%w: frame state of %d bytes", device.ErrProtocol, len(b))
	}
	return b[0], nil
}

// readFrame reads a frame chunk by chunk.
func (r *Reader) readFrame(ctx context.Context) ([]byte, error) {
	frame := make([]byte, 0, frameSize)
	for len(frame) < frameSize {
		if err := r.send(ctx, cmdReadChunk, chunkTimeout); err != nil {
			return nil, err
		}
		b, err := r.read(ctx, chunkLen, chunkTimeout)
		if err != nil {
			return nil, err
		}
		if len(b) < chunkHeader {
			return nil, fmt.Errorf("%w: image chunk of %d bytes", device.ErrProtocol, len(b))
		}
		n := int(binary.LittleEndian.Uint16(b[2:4]))
		if len(b) < chunkHeader+n {
			return nil, fmt.Errorf("%w: image chunk of %d bytes announces %d", device.ErrProtocol, len(b), n)
		}
		lines := n / lineLen
		if len(frame)/side+lines > side {
			return nil, fmt.Errorf("%w: more than %d lines in a frame", device.ErrProtocol, side)
		}
		for p := b[chunkHeader:]; lines > 0; lines, p = lines-1, p[lineLen:] {
			frame = append(frame, p[controlPixels:lineLen]...)
		}
	}
	return frame, nil
}

// clean subtracts the frame from the background and quadruples it (clamped
// to 255), in place: skin darker than the bare sensor comes out light. It
// reports false when nothing is left, a frame darker than the background.
func clean(frame, background []byte) bool {
	sum := 0
	for i, p := range frame {
		v := 0
		if background[i] >= p {
			v = int(background[i] - p)
		}
		v = min(4*v, 255)
		frame[i] = byte(v)
		sum += v
	}
	return sum != 0
}

// variance is libfprint's fpi_std_sq_dev: integer mean, then the integer
// mean of the squared deviations.
func variance(b []byte) int {
	var sum uint64
	for _, p := range b {
		sum += uint64(p)
	}
	mean := int64(sum / uint64(len(b)))
	var sq uint64
	for _, p := range b {
		d := int64(p) - mean
		sq += uint64(d * d)
	}
	return int(sq / uint64(len(b)))
}

// upscale doubles a frame in both directions, as libfprint does before it
// hands the image out.
func upscale(frame []byte) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, Width, Height))
	for y := range side {
		for x := range side {
			p := frame[y*side+x]
			o := 2*y*Width + 2*x
			img.Pix[o], img.Pix[o+1], img.Pix[o+Width], img.Pix[o+Width+1] = p, p, p, p
		}
	}
	return img
}
