package elan

import "aalogon/device"

// quirk is a model's departure from the usual ELAN sensor (libfprint's
// driver_data of elan.c's id table).
type quirk uint8

const (
	// quirk0907: the 0907 wants an extra activation command (0x40 0x2a,
	// purpose unknown) and maps frames to grey linearly.
	quirk0907 quirk = 1 << iota
	// quirkNotRotated: the 0c03 sends frames in the orientation it is
	// mounted in; every other model sends them turned a quarter.
	quirkNotRotated
	// quirk0c42: the 0c42 answers one-byte commands with two bytes,
	// always supports calibration and needs it when its calibration mean
	// lies outside 2500…5500.
	quirk0c42
)

const vendorELAN = 0x04f3

// products are the ELAN product ids libfprint's elan driver claims, with
// their quirks.
var products = []struct {
	pid    uint16
	quirks quirk
}{
	{0x0903, 0}, {0x0907, quirk0907}, {0x0c01, 0}, {0x0c02, 0}, {0x0c03, quirkNotRotated},
	{0x0c04, 0}, {0x0c05, 0}, {0x0c06, 0}, {0x0c07, 0}, {0x0c08, 0}, {0x0c09, 0},
	{0x0c0a, 0}, {0x0c0b, 0}, {0x0c0c, 0}, {0x0c0d, 0}, {0x0c0e, 0}, {0x0c0f, 0},
	{0x0c10, 0}, {0x0c11, 0}, {0x0c12, 0}, {0x0c13, 0}, {0x0c14, 0}, {0x0c15, 0},
	{0x0c16, 0}, {0x0c17, 0}, {0x0c18, 0}, {0x0c19, 0}, {0x0c1a, 0}, {0x0c1b, 0},
	{0x0c1c, 0}, {0x0c1d, 0}, {0x0c1e, 0}, {0x0c1f, 0}, {0x0c20, 0}, {0x0c21, 0},
	{0x0c22, 0}, {0x0c23, 0}, {0x0c24, 0}, {0x0c25, 0}, {0x0c26, 0}, {0x0c27, 0},
	{0x0c28, 0}, {0x0c29, 0}, {0x0c2a, 0}, {0x0c2b, 0}, {0x0c2c, 0}, {0x0c2d, 0},
	{0x0c2e, 0}, {0x0c2f, 0}, {0x0c30, 0}, {0x0c31, 0}, {0x0c32, 0}, {0x0c33, 0},
	{0x0c3d, 0}, {0x0c42, quirk0c42}, {0x0c4b, 0}, {0x0c4d, 0}, {0x0c4f, 0},
	{0x0c63, 0}, {0x0c6e, 0}, {0x0c58, 0},
}

// Models are the USB products the driver claims. libfprint names them all
// "ElanTech Fingerprint Sensor"; the product id tells them apart here.
func Models() []device.Model {
	out := make([]device.Model, len(products))
	for i, p := range products {
		m := device.Model{VID: vendorELAN, PID: p.pid}
		m.Name = "ElanTech Fingerprint Sensor " + m.ID()[5:]
		out[i] = m
	}
	return out
}

func quirksOf(vid, pid uint16) (quirk, bool) {
	if vid != vendorELAN {
		return 0, false
	}
	for _, p := range products {
		if p.pid == pid {
			return p.quirks, true
		}
	}
	return 0, false
}
