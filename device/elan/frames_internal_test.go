package elan

import (
	"bytes"
	"errors"
	"testing"

	"aalogon/device"
)

func TestGeometryFollowsTheQuirks(t *testing.T) {
	cases := []struct {
		name  string
		reply []byte
		q     quirk
		want  geometry
	}{
		{"turned 144x64, cropped to 50 rows", []byte{0x40, 0, 0x90, 0}, 0, geometry{width: 144, height: 50, rawHeight: 64, rotated: true}},
		{"0c03 upright 96x96", []byte{0x60, 0, 0x50, 0}, quirkNotRotated, geometry{width: 96, height: 50, rawHeight: 80}},
		{"zero-based odd sizes", []byte{0x5f, 0, 0x5f, 0}, 0, geometry{width: 96, height: 50, rawHeight: 96, rotated: true}},
		{"one odd size is kept", []byte{0x2f, 0, 0x60, 0}, 0, geometry{width: 96, height: 47, rawHeight: 47, rotated: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := geometryOf(tc.reply, tc.q)
			if err != nil || got != tc.want {
				t.Errorf("geometryOf(% x) = %+v, %v, want %+v", tc.reply, got, err, tc.want)
			}
		})
	}
	if _, err := geometryOf([]byte{0, 0, 0, 0}, 0); !errors.Is(err, device.ErrProtocol) {
		t.Errorf("a zero sensor size: err = %v, want ErrProtocol", err)
	}
}

// A turned sensor sends columns: pixel (x, y) of the upright frame is raw
// value y + margin + x·rawHeight.
func TestFrameTurnsAndCrops(t *testing.T) {
	g := geometry{width: 3, height: 2, rawHeight: 4, rotated: true}
	raw := make([]byte, g.rawLen())
	for i := range g.width * g.rawHeight {
		raw[2*i], raw[2*i+1] = byte(i), 0x10
	}
	got := g.frame(raw)
	want := []uint16{0x1001, 0x1005, 0x1009, 0x1002, 0x1006, 0x100a}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("frame = %#x, want %#x", got, want)
		}
	}
}

func TestGreyBands(t *testing.T) {
	f := make([]uint16, 100)
	for i := range f {
		f[i] = uint16(1000 + 10*i)
	}
	g := grey(f)
	// Levels: 1000 (0), 1300 (30 %), 1650 (65 %), 1990 (top).
	for _, c := range []struct {
		i    int
		want byte
	}{{0, 0}, {29, 95}, {30, 99}, {64, 153}, {65, 155}, {99, 255}} {
		if g[c.i] != c.want {
			t.Errorf("grey(%d) = %d, want %d", f[c.i], g[c.i], c.want)
		}
	}
	flat := bytes.Repeat([]byte{155}, 10)
	if g := grey(make([]uint16, 10)); !bytes.Equal(g, flat) {
		t.Errorf("a flat frame maps to % d, want 155s (libfprint would divide by zero)", g)
	}
	if _, err := greyLinear(make([]uint16, 10)); !errors.Is(err, device.ErrProtocol) {
		t.Errorf("a flat frame on the 0907: err = %v, want ErrProtocol", err)
	}
	if g, _ := greyLinear([]uint16{10, 20, 30}); !bytes.Equal(g, []byte{0, 127, 255}) {
		t.Errorf("greyLinear = % d, want 0 127 255", g)
	}
}
