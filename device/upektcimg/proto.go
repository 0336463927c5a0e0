package upektcimg

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"aalogon/device"
)

// A message, either way, is "Ciao", a type byte, a 16-bit big-endian word
// whose top 4 bits are a sequence number and whose low 12 bits are the
// payload length, the payload, then the CRC of everything after "Ciao"
// (crc16), little-endian (libfprint upektc_img.c and upektc_img.h).
var magic = []byte("Ciao")

const (
	headerLen = 7 // "Ciao", type, sequence and length
	crcLen    = 2
)

// The commands the driver sends, with a zero sequence and no CRC: command
// fills both in (libfprint upektc_img.h).
var (
	cmdInit1 = []byte{0x04, 0x00, 0x0d, 0x01, 0x00, 0x46, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00}
	cmdInit2 = []byte{0x07, 0x00, 0x01, 0x01}
	cmdInit3 = []byte{0x04, 0x00, 0x0d, 0x01, 0x00, 0xbc, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00}
	// cmdInit4 asks for the sensor's description (getInfo).
	cmdInit4  = []byte{0x00, 0x00, 0x07, 0x28, 0x04, 0x00, 0x00, 0x00, 0x06, 0x04}
	cmdDeinit = []byte{0x07, 0x00, 0x01, 0x01}
	// cmdCaptureSwipe and cmdCapturePress start a scan (command 0x28,
	// sub-command 0x0e) with no time limit, waiting for an acceptable
	// swipe or for a finger pressed on an area sensor.
	cmdCaptureSwipe = []byte{0x00, 0x00, 0x0e, 0x28, 0x0b, 0x00, 0x00, 0x00, 0x0e, 0x02, 0xfe, 0xff, 0xff, 0xff, 0x02, 0x00, 0x02}
	cmdCapturePress = []byte{0x00, 0x00, 0x0e, 0x28, 0x0b, 0x00, 0x00, 0x00, 0x0e, 0x02, 0xfe, 0xff, 0xff, 0xff, 0x02, 0x01, 0x02}
	// cmdAckStatus acknowledges a scan status (a 0x28 message).
	cmdAckStatus = []byte{0x00, 0x00, 0x08, 0x28, 0x05, 0x00, 0x00, 0x00, 0x00, 0x30, 0x01}
	// cmdAck08 acknowledges a type-0x08 message; it always goes with
	// sequence 0.
	cmdAck08 = []byte{0x09, 0x00, 0x00}
	// cmdAckFrame acknowledges an image frame.
	cmdAckFrame = []byte{0x00, 0x50, 0x01, 0x30}
)

// command returns the bytes of body (type, sequence and length word,
// payload) sent with sequence seq: "Ciao", body with seq in the top 4 bits
// of its second byte, and the CRC.
func command(body []byte, seq byte) []byte {
	b := make([]byte, 0, len(magic)+len(body)+crcLen)
	b = append(append(b, magic...), body...)
	b[5] = b[5]&0x0f | seq<<4
	return binary.LittleEndian.AppendUint16(b, crc16(b[len(magic):]))
}

// Message types and scan replies (the fifth byte and, for type 0, the
// eighth).
const (
	typeData   = 0x00
	typeAsk08  = 0x08 // answered with cmdAck08
	replyScan  = 0x28 // a scan status: byte 18
	frameFirst = 0x2c // an image frame with 10 bytes of scan information first
	frameMore  = 0x24
	frameLast  = 0x20 // the last frame: 4 bytes less image
	getInfoLo  = 0x06 // bytes 12–13 of getInfo's reply
	getInfoHi  = 0x14
)

// Scan statuses, byte 18 of a replyScan message.
const (
	statusFingerOn   = 0x00
	statusFingerOff  = 0x01
	statusNoFinger   = 0x0c
	statusKeepFinger = 0x13 // a swipe sensor ends the attempt
	statusTooCrooked = 0x1d // too much sideways movement
	statusTooShort   = 0x1e
)

// payloadLen is the 12-bit length of the message in b.
func payloadLen(b []byte) int { return int(b[5]&0x0f)<<8 | int(b[6]) }

// checkMessage verifies the message at the start of b and returns it
// without anything after its CRC.
func checkMessage(b []byte) ([]byte, error) {
	if len(b) < headerLen+crcLen || !bytes.Equal(b[:4], magic) {
		return nil, fmt.Errorf("%w: not a coprocessor message: % x", device.ErrProtocol, b[:min(len(b), 8)])
	}
	n := headerLen + payloadLen(b) + crcLen
	if len(b) < n {
		return nil, fmt.Errorf("%w: message of %d bytes announces %d", device.ErrProtocol, len(b), n)
	}
	if got, want := binary.LittleEndian.Uint16(b[n-crcLen:]), crc16(b[len(magic):n-crcLen]); got != want {
		return nil, fmt.Errorf("%w: message CRC %04x, computed %04x", device.ErrProtocol, got, want)
	}
	return b[:n], nil
}

// framePixels returns the image bytes of a frame message (libfprint
// upektc_img_process_image_frame): the payload after its one command
// byte, less 10 leading bytes of scan information in the first frame and
// 4 trailing bytes in the last.
func framePixels(m []byte) ([]byte, error) {
	off, n := headerLen+1, payloadLen(m)-1
	switch m[7] {
	case frameFirst:
		off, n = off+10, n-10
	case frameLast:
		n -= 4
	}
	if n < 0 || off+n > len(m)-crcLen {
		return nil, fmt.Errorf("%w: image frame of %d bytes", device.ErrProtocol, payloadLen(m))
	}
	return m[off : off+n], nil
}

// Sensor is one model of sensor behind the coprocessor.
type Sensor struct {
	Name string
	// NativeWidth and NativeHeight are the sensor's pixels, as getInfo
	// reports them.
	NativeWidth, NativeHeight int
	// Width and Height are the image the coprocessor sends: three
	// quarters of the native size.
	Width, Height int
}

// sensors are the sensors libfprint knows, by native width.
var sensors = []Sensor{
	{"TCS1", 256, 360, 192, 270},
	{"TCS2", 208, 288, 156, 216},
	{"TCS3", 248, 360, 186, 270},
	{"TCS4", 192, 512, 144, 384},
	{"TCS5", 144, 512, 108, 384},
}

// sensorInfo reads getInfo's reply: the sensor's size and whether it is an
// area (press) sensor; false: swipe.
func sensorInfo(m []byte) (Sensor, bool, error) {
	if len(m) < 54 || m[12] != getInfoLo || m[13] != getInfoHi {
		return Sensor{}, false, fmt.Errorf("%w: no sensor description in % x", device.ErrProtocol, m[:min(len(m), 14)])
	}
	area := m[49]&0x80 == 0
	w, h := int(binary.LittleEndian.Uint16(m[50:])), int(binary.LittleEndian.Uint16(m[52:]))
	for _, s := range sensors {
		if s.NativeWidth == w && s.NativeHeight == h {
			return s, area, nil
		}
	}
	return Sensor{}, false, fmt.Errorf("%w: unknown sensor of %d × %d pixels", device.ErrUnsupported, w, h)
}
