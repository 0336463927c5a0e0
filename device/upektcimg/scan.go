package upektcimg

import (
	"context"
	"fmt"
	"image"

	"aalogon/device"
)

// capture starts scans until one gives an image (libfprint
// capture_run_state). A rejected scan is logged and started again.
func (s *session) capture(ctx context.Context, sensor Sensor, area bool) (*image.Gray, error) {
	start := cmdCaptureSwipe
	if area {
		start = cmdCapturePress
	}
	for {
		if err := s.sendNext(ctx, start); err != nil {
			return nil, err
		}
		s.emit(device.WaitingForFinger)
		img, err := s.scan(ctx, sensor, area)
		if err != nil || img != nil {
			return img, err
		}
	}
}

// scan follows one scan: statuses until the finger comes, then the frames
// of the image, each acknowledged. It returns a nil image when the
// coprocessor rejected the scan.
func (s *session) scan(ctx context.Context, sensor Sensor, area bool) (*image.Gray, error) {
	want := sensor.Width * sensor.Height
	pix := make([]byte, 0, want)
	fingerOn, ending := false, false
	for {
		// Until the finger comes the coprocessor has nothing to say: wait
		// as long as the caller does. Once it is on, every message is due
		// within the transfer timeout.
		timeout := transferTimeout
		if !fingerOn {
			timeout = 0
		}
		m, err := s.message(ctx, timeout)
		if err != nil {
			return nil, err
		}
		if ending { // the acknowledged end of a rejected swipe
			return nil, nil
		}
		switch {
		case m[4] == typeAsk08:
			err = s.send(ctx, cmdAck08, 0)
		case m[4] != typeData:
			return nil, fmt.Errorf("%w: message type %#02x", device.ErrProtocol, m[4])
		case m[7] == replyScan:
			if len(m) <= 18 {
				return nil, fmt.Errorf("%w: scan status of %d bytes", device.ErrProtocol, len(m))
			}
			ending = s.status(m[18], area, &fingerOn)
			err = s.sendNext(ctx, cmdAckStatus)
		case m[7] == frameFirst, m[7] == frameMore, m[7] == frameLast:
			if !fingerOn {
				fingerOn = true
				s.emit(device.FingerOn)
			}
			if len(pix) == 0 {
				s.emit(device.Capturing)
			}
			f, ferr := framePixels(m)
			if ferr != nil {
				return nil, ferr
			}
			if len(pix)+len(f) > want || (m[7] == frameLast && len(pix)+len(f) != want) {
				return nil, fmt.Errorf("%w: %d image bytes for a %d × %d image", device.ErrProtocol,
					len(pix)+len(f), sensor.Width, sensor.Height)
			}
			pix = append(pix, f...)
			if m[7] == frameLast {
				s.emit(device.FingerOff)
				return &image.Gray{Pix: pix, Stride: sensor.Width, Rect: image.Rect(0, 0, sensor.Width, sensor.Height)}, nil
			}
			err = s.sendNext(ctx, cmdAckFrame)
		default:
			return nil, fmt.Errorf("%w: reply %#02x", device.ErrProtocol, m[7])
		}
		if err != nil {
			return nil, err
		}
	}
}

// status acts on a scan status and reports whether the scan ends after
// its acknowledgement: a swipe sensor ends it when the scan was rejected
// or when it asks to keep the finger on.
func (s *session) status(st byte, area bool, fingerOn *bool) (ending bool) {
	switch st {
	case statusNoFinger:
	case statusFingerOn:
		if !*fingerOn {
			*fingerOn = true
			s.emit(device.FingerOn)
		}
	case statusFingerOff:
		if *fingerOn {
			*fingerOn = false
			s.emit(device.FingerOff)
		}
	case statusKeepFinger:
		return !area
	default:
		reason := map[byte]string{statusTooShort: "too short", statusTooCrooked: "too much sideways movement"}[st]
		if reason == "" {
			reason = fmt.Sprintf("status %#02x", st)
		}
		s.r.log.Info("upektcimg: scan rejected; scanning again", "reason", reason)
		if *fingerOn {
			*fingerOn = false
			s.emit(device.FingerOff)
		}
		return !area
	}
	return false
}
