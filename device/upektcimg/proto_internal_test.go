package upektcimg

import (
	"bytes"
	"errors"
	"testing"

	"aalogon/device"
)

// The commands as libfprint's upektc_img.h spells them, CRC included, with
// the sequence number each carries there.
func TestCommandsMatchLibfprint(t *testing.T) {
	ciao := func(b ...byte) []byte { return append([]byte("Ciao"), b...) }
	cases := []struct {
		name string
		body []byte
		seq  byte
		want []byte
	}{
		{"init 1", cmdInit1, 0, ciao(0x04, 0x00, 0x0d, 0x01, 0x00, 0x46, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0xda, 0xc1)},
		{"init 2", cmdInit2, 0, ciao(0x07, 0x00, 0x01, 0x01, 0x3d, 0x72)},
		{"init 3", cmdInit3, 0, ciao(0x04, 0x00, 0x0d, 0x01, 0x00, 0xbc, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x55, 0x2f)},
		{"init 4", cmdInit4, 0, ciao(0x00, 0x00, 0x07, 0x28, 0x04, 0x00, 0x00, 0x00, 0x06, 0x04, 0xc0, 0xd6)},
		{"deinit", cmdDeinit, 0, ciao(0x07, 0x00, 0x01, 0x01, 0x3d, 0x72)},
		{"capture (swipe)", cmdCaptureSwipe, 0, ciao(0x00, 0x00, 0x0e, 0x28, 0x0b, 0x00, 0x00, 0x00, 0x0e, 0x02, 0xfe, 0xff, 0xff, 0xff, 0x02, 0x00, 0x02, 0x25, 0xa9)},
		{"capture (press)", cmdCapturePress, 0, ciao(0x00, 0x00, 0x0e, 0x28, 0x0b, 0x00, 0x00, 0x00, 0x0e, 0x02, 0xfe, 0xff, 0xff, 0xff, 0x02, 0x01, 0x02, 0x14, 0x9a)},
		{"status ack", cmdAckStatus, 8, ciao(0x00, 0x80, 0x08, 0x28, 0x05, 0x00, 0x00, 0x00, 0x00, 0x30, 0x01, 0x6a, 0xc4)},
		{"type-8 ack", cmdAck08, 0, ciao(0x09, 0x00, 0x00, 0x91, 0x9e)},
		{"frame ack", cmdAckFrame, 5, ciao(0x00, 0x50, 0x01, 0x30, 0xac, 0x5b)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := command(tc.body, tc.seq); !bytes.Equal(got, tc.want) {
				t.Errorf("command() = % x, want % x", got, tc.want)
			}
			if n := payloadLen(append([]byte("Ciao"), tc.body...)); n != len(tc.body)-3 {
				t.Errorf("length word %d, payload %d bytes", n, len(tc.body)-3)
			}
		})
	}
}

func TestCheckMessage(t *testing.T) {
	ok := command([]byte{0x03, 0x00, 0x05, 0x01, 0x31, 0x30, 0x2e, 0x35}, 0) // the recorded version reply
	if !bytes.Equal(ok[len(ok)-2:], []byte{0xc2, 0xfd}) {
		t.Fatalf("version reply CRC % x, want c2 fd as recorded", ok[len(ok)-2:])
	}
	padded := append(append([]byte(nil), ok...), make([]byte, 64-len(ok))...)
	if m, err := checkMessage(padded); err != nil || !bytes.Equal(m, ok) {
		t.Errorf("checkMessage(padded reply) = % x, %v", m, err)
	}
	flipped := append([]byte(nil), ok...)
	flipped[9] ^= 0x01
	cases := map[string][]byte{
		"garbage":      bytes.Repeat([]byte{0xe8}, 64),
		"bad CRC":      flipped,
		"cut short":    ok[:len(ok)-3],
		"only a magic": []byte("Ciao"),
	}
	for name, b := range cases {
		if _, err := checkMessage(b); !errors.Is(err, device.ErrProtocol) {
			t.Errorf("%s: err = %v, want ErrProtocol", name, err)
		}
	}
}

func TestFramePixels(t *testing.T) {
	frame := func(kind byte, payload int) []byte {
		body := []byte{0x00, byte(payload >> 8), byte(payload), kind}
		body = append(body, bytes.Repeat([]byte{0x7f}, payload-1)...)
		return command(body, 0)
	}
	cases := []struct {
		name    string
		kind    byte
		payload int
		want    int
	}{
		{"first: 10 bytes of scan information", frameFirst, 0x7fb, 0x7fb - 1 - 10},
		{"more", frameMore, 0x7fb, 0x7fb - 1},
		{"last: 4 trailing bytes", frameLast, 0xb1, 0xb1 - 1 - 4},
	}
	for _, tc := range cases {
		if p, err := framePixels(frame(tc.kind, tc.payload)); err != nil || len(p) != tc.want {
			t.Errorf("%s: %d bytes, %v; want %d", tc.name, len(p), err, tc.want)
		}
	}
	if _, err := framePixels(frame(frameFirst, 5)); !errors.Is(err, device.ErrProtocol) {
		t.Errorf("a first frame too small for its scan information: err = %v, want ErrProtocol", err)
	}
}

func TestSensorInfo(t *testing.T) {
	reply := func(flags byte, w, h uint16) []byte {
		m := make([]byte, 64)
		m[12], m[13], m[49] = getInfoLo, getInfoHi, flags
		m[50], m[51], m[52], m[53] = byte(w), byte(w>>8), byte(h), byte(h>>8)
		return m
	}
	s, area, err := sensorInfo(reply(0xe4, 192, 512)) // as recorded
	if err != nil || s.Name != "TCS4" || s.Width != 144 || s.Height != 384 || area {
		t.Errorf("recorded reply: %+v, area %v, %v; want TCS4 144×384 swipe", s, area, err)
	}
	if s, area, _ := sensorInfo(reply(0x64, 256, 360)); s.Name != "TCS1" || !area {
		t.Errorf("TCS1 with bit 7 clear: %+v, area %v; want an area sensor", s, area)
	}
	if _, _, err := sensorInfo(reply(0xe4, 100, 100)); !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("unknown sensor: err = %v, want ErrUnsupported", err)
	}
	other := reply(0xe4, 192, 512)
	other[12] = 0
	if _, _, err := sensorInfo(other); !errors.Is(err, device.ErrProtocol) {
		t.Errorf("not a getInfo reply: err = %v, want ErrProtocol", err)
	}
}
