package usb

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Record is one usbmon event of a recording (readers.md §5.2).
type Record struct {
	Index      int    // position in the recording, from 1
	URBID      uint64 // kernel address; reused (readers.md §6 rule 4)
	Event      byte   // 'S' submit, 'C' complete, 'E' error
	Type       uint8  // TypeInterrupt, TypeControl, TypeBulk
	Endpoint   uint8  // with direction bit
	Bus, Dev   int
	SetupValid bool
	Setup      [8]byte
	Status     int32
	Length     int // S: requested length; C: actual length
	Data       []byte
}

func (r Record) String() string {
	s := fmt.Sprintf("record %d: %c type %d ep %#02x len %d", r.Index, r.Event, r.Type, r.Endpoint, r.Length)
	if r.SetupValid {
		s += fmt.Sprintf(" setup % x", r.Setup[:])
	}
	if len(r.Data) > 0 {
		s += fmt.Sprintf(" data % x", abbreviate(r.Data))
	}
	return s
}

func abbreviate(b []byte) []byte {
	if len(b) > 32 {
		return b[:32]
	}
	return b
}

// ReadPcapng reads the usbmon packets (link type 220) of a pcapng file.
func ReadPcapng(path string) ([]Record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParsePcapng(b)
}

// ParsePcapng parses a pcapng capture of usbmon (LINKTYPE_USB_LINUX_MMAPPED).
func ParsePcapng(b []byte) ([]Record, error) {
	var order binary.ByteOrder = binary.LittleEndian
	var recs []Record
	links := map[uint32]uint16{}
	var iface uint32
	for off := 0; off < len(b); {
		if off+12 > len(b) {
			return nil, fmt.Errorf("usb: pcapng: block header at byte %d cut short", off)
		}
		typ := order.Uint32(b[off:])
		if typ == 0x0A0D0D0A { // section header: learn the byte order
			switch binary.LittleEndian.Uint32(b[off+8:]) {
			case 0x1A2B3C4D:
				order = binary.LittleEndian
			case 0x4D3C2B1A:
				order = binary.BigEndian
			default:
				return nil, fmt.Errorf("usb: pcapng: bad byte-order magic at byte %d", off+8)
			}
			iface = 0
		}
		n := int(order.Uint32(b[off+4:]))
		if n < 12 || off+n > len(b) || n%4 != 0 {
			return nil, fmt.Errorf("usb: pcapng: block at byte %d has bad length %d", off, n)
		}
		body := b[off+8 : off+n-4]
		switch typ {
		case 1: // interface description
			if len(body) < 8 { // link type, reserved, snap length
				return nil, fmt.Errorf("usb: pcapng: interface block at byte %d cut short", off)
			}
			links[iface] = order.Uint16(body[0:2])
			iface++
		case 6: // enhanced packet
			if len(body) < 20 {
				return nil, fmt.Errorf("usb: pcapng: packet block at byte %d cut short", off)
			}
			id := order.Uint32(body[0:4])
			if lt := links[id]; lt != 220 {
				return nil, fmt.Errorf("usb: pcapng: interface %d has link type %d, want 220 (usbmon mmapped)", id, lt)
			}
			capLen := int(order.Uint32(body[12:16]))
			if 20+capLen > len(body) {
				return nil, fmt.Errorf("usb: pcapng: packet at byte %d longer than its block", off)
			}
			r, err := parseUsbmon(body[20:20+capLen], order)
			if err != nil {
				return nil, fmt.Errorf("usb: pcapng: packet at byte %d: %w", off, err)
			}
			r.Index = len(recs) + 1
			recs = append(recs, r)
		}
		off += n
	}
	return recs, nil
}

func parseUsbmon(p []byte, order binary.ByteOrder) (Record, error) {
	if len(p) < 64 {
		return Record{}, fmt.Errorf("usbmon header of %d bytes, want 64", len(p))
	}
	r := Record{URBID: order.Uint64(p[0:8]), Event: p[8], Type: p[9], Endpoint: p[10], Dev: int(p[11]),
		Bus: int(order.Uint16(p[12:14])), SetupValid: p[14] == 0, Status: int32(order.Uint32(p[28:32])),
		Length: int(order.Uint32(p[32:36]))}
	copy(r.Setup[:], p[40:48])
	dataLen := int(order.Uint32(p[36:40]))
	if 64+dataLen > len(p) {
		return Record{}, fmt.Errorf("usbmon data of %d bytes, only %d captured", dataLen, len(p)-64)
	}
	if p[15] == 0 && dataLen > 0 {
		r.Data = append([]byte(nil), p[64:64+dataLen]...)
	}
	return r, nil
}

// ReadIoctl reads a umockdev .ioctl log and turns each URB line into an S
// and a C record with a fresh id (readers.md §6, ".ioctl").
func ReadIoctl(path string) ([]Record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseIoctl(b)
}

// ParseIoctl parses a umockdev .ioctl log.
func ParseIoctl(b []byte) ([]Record, error) {
	var recs []Record
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' || text[0] == '@' {
			continue
		}
		f := strings.Fields(text)
		if f[0] != "USBDEVFS_REAPURBNDELAY" && f[0] != "USBDEVFS_REAPURB" {
			continue
		}
		if len(f) < 9 {
			return nil, fmt.Errorf("usb: ioctl line %d: %d fields, want 10", line, len(f))
		}
		var n [8]int
		for i := range n {
			v, err := strconv.Atoi(f[i+1])
			if err != nil {
				return nil, fmt.Errorf("usb: ioctl line %d: field %d: %w", line, i+2, err)
			}
			n[i] = v
		}
		var data []byte
		if len(f) > 9 {
			var err error
			if data, err = hex.DecodeString(f[9]); err != nil {
				return nil, fmt.Errorf("usb: ioctl line %d: data: %w", line, err)
			}
		}
		typ, ep, status, bufLen, actual := uint8(n[1]), uint8(n[2]), int32(n[3]), n[5], n[6]
		id := uint64(len(recs)/2 + 1)
		s := Record{Index: len(recs) + 1, URBID: id, Event: 'S', Type: typ, Endpoint: ep, Status: -115, Length: bufLen}
		c := Record{Index: len(recs) + 2, URBID: id, Event: 'C', Type: typ, Endpoint: ep, Status: status, Length: actual}
		if ep&0x80 == 0 {
			s.Data = data
		} else {
			c.Data = data
		}
		recs = append(recs, s, c)
	}
	return recs, sc.Err()
}

// DeviceFile is what a replay needs of a umockdev-record `device` file: the
// first block, the USB device itself (readers.md §5.1).
type DeviceFile struct {
	Bus, Dev int
	VID, PID uint16
	// EndpointTypes maps endpoint addresses to their type, in the usbmon
	// encoding (TypeBulk, TypeInterrupt…).
	EndpointTypes map[uint8]uint8
	Descriptors   []byte
}

// ReadDeviceFile parses a umockdev-record `device` file.
func ReadDeviceFile(path string) (*DeviceFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d := &DeviceFile{EndpointTypes: map[uint8]uint8{}}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			break // end of the first block
		}
		switch {
		case strings.HasPrefix(line, "N: "):
			node, hexData, _ := strings.Cut(line[3:], "=")
			if _, err := fmt.Sscanf(node, "bus/usb/%d/%d", &d.Bus, &d.Dev); err != nil {
				return nil, fmt.Errorf("usb: %s: device node %q: %w", path, node, err)
			}
			if d.Descriptors, err = hex.DecodeString(hexData); err != nil {
				return nil, fmt.Errorf("usb: %s: descriptors: %w", path, err)
			}
		case strings.HasPrefix(line, "E: BUSNUM="):
			d.Bus, _ = strconv.Atoi(strings.TrimPrefix(line, "E: BUSNUM="))
		case strings.HasPrefix(line, "E: DEVNUM="):
			d.Dev, _ = strconv.Atoi(strings.TrimPrefix(line, "E: DEVNUM="))
		}
	}
	if len(d.Descriptors) < 18 {
		return nil, fmt.Errorf("usb: %s: no USB device descriptor in the first block", path)
	}
	d.VID = binary.LittleEndian.Uint16(d.Descriptors[8:10])
	d.PID = binary.LittleEndian.Uint16(d.Descriptors[10:12])
	// Endpoint descriptors: convert bmAttributes&3 to the usbmon encoding.
	toUsbmon := [4]uint8{TypeControl, TypeIso, TypeBulk, TypeInterrupt}
	for off := 0; off+2 <= len(d.Descriptors); {
		n := int(d.Descriptors[off])
		if n < 2 || off+n > len(d.Descriptors) {
			break
		}
		if d.Descriptors[off+1] == 5 && n >= 7 {
			d.EndpointTypes[d.Descriptors[off+2]] = toUsbmon[d.Descriptors[off+3]&3]
		}
		off += n
	}
	return d, nil
}
