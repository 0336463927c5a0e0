package usb_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"aalogon/device/usb"
	"aalogon/internal/shared"
)

// The recording parsers read files a person may have copied from anywhere.
// Their fuzz targets check that any bytes give records or an error, never a
// panic, that what is accepted re-encodes to the same records, and that the
// records never hold more data than the file did. The seeds are small
// hand-made files plus the shared recordings, read at test time.

// pcapngBlock frames body as a pcapng block of type typ, padded to 4 bytes.
func pcapngBlock(typ uint32, body []byte) []byte {
	body = append(body, make([]byte, (4-len(body)%4)%4)...)
	n := uint32(12 + len(body))
	b := binary.LittleEndian.AppendUint32(nil, typ)
	b = binary.LittleEndian.AppendUint32(b, n)
	b = append(b, body...)
	return binary.LittleEndian.AppendUint32(b, n)
}

// encodePcapng writes recs as a little-endian pcapng usbmon capture: the
// encoder ParsePcapng's round trip is checked against.
func encodePcapng(recs []usb.Record) []byte {
	shb := binary.LittleEndian.AppendUint32(nil, 0x1A2B3C4D)
	shb = append(shb, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	out := pcapngBlock(0x0A0D0D0A, shb)
	out = append(out, pcapngBlock(1, []byte{220, 0, 0, 0, 0, 0, 0, 0})...)
	for _, r := range recs {
		p := make([]byte, 64, 64+len(r.Data))
		binary.LittleEndian.PutUint64(p[0:], r.URBID)
		p[8], p[9], p[10], p[11] = r.Event, r.Type, r.Endpoint, byte(r.Dev)
		binary.LittleEndian.PutUint16(p[12:], uint16(r.Bus))
		if !r.SetupValid {
			p[14] = 1
		}
		binary.LittleEndian.PutUint32(p[28:], uint32(r.Status))
		binary.LittleEndian.PutUint32(p[32:], uint32(r.Length))
		binary.LittleEndian.PutUint32(p[36:], uint32(len(r.Data)))
		copy(p[40:48], r.Setup[:])
		p = append(p, r.Data...)
		epb := make([]byte, 20, 20+len(p))
		binary.LittleEndian.PutUint32(epb[12:], uint32(len(p)))
		binary.LittleEndian.PutUint32(epb[16:], uint32(len(p)))
		out = append(out, pcapngBlock(6, append(epb, p...))...)
	}
	return out
}

// wholeBlocks keeps the first max blocks of a little-endian pcapng file, so
// that a large shared recording makes a small seed.
func wholeBlocks(b []byte, max int) []byte {
	off := 0
	for i := 0; i < max && off+8 <= len(b); i++ {
		n := int(binary.LittleEndian.Uint32(b[off+4:]))
		if n < 12 || off+n > len(b) {
			break
		}
		off += n
	}
	return b[:off]
}

// sharedSeeds returns the shared recording files matching pattern; none
// when the shared folder is absent, so the hand-made seeds still run.
func sharedSeeds(tb testing.TB, pattern string) map[string][]byte {
	root, err := shared.Path("usb-recordings")
	if err != nil {
		tb.Logf("no shared recordings as seeds: %v", err)
		return nil
	}
	paths, _ := filepath.Glob(filepath.Join(root, "*", pattern))
	seeds := map[string][]byte{}
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			seeds[p] = b
		}
	}
	return seeds
}

func sampleRecords() []usb.Record {
	return []usb.Record{
		{Index: 1, URBID: 0xffff8801, Event: 'S', Type: usb.TypeControl, Endpoint: 0x00, Bus: 3, Dev: 4,
			SetupValid: true, Setup: [8]byte{0x40, 0x04, 0, 0, 0x2e, 0, 1, 0}, Status: -115, Length: 1, Data: []byte{0x80}},
		{Index: 2, URBID: 0xffff8801, Event: 'C', Type: usb.TypeControl, Endpoint: 0x00, Bus: 3, Dev: 4, Length: 1},
		{Index: 3, URBID: 0xffff8802, Event: 'C', Type: usb.TypeBulk, Endpoint: 0x82, Bus: 3, Dev: 4,
			Length: 4, Data: []byte{0xde, 0xad, 0xbe, 0xef}},
	}
}

func FuzzParsePcapng(f *testing.F) {
	f.Add(encodePcapng(sampleRecords()))
	f.Add(encodePcapng(nil))
	f.Add(pcapngBlock(1, nil)) // an interface block with no link type
	for _, b := range sharedSeeds(f, "*.pcapng") {
		f.Add(wholeBlocks(b, 12))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := usb.ParsePcapng(b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "usb: pcapng: ") {
				t.Fatalf("error without the parser's prefix: %v", err)
			}
			return
		}
		// Every packet costs a 12-byte block frame, 20 bytes of packet
		// header and 64 of usbmon header.
		if len(recs) > len(b)/96 {
			t.Fatalf("%d records from %d bytes", len(recs), len(b))
		}
		data := 0
		for i, r := range recs {
			if r.Index != i+1 {
				t.Fatalf("record %d has index %d", i+1, r.Index)
			}
			data += len(r.Data)
		}
		if data > len(b) {
			t.Fatalf("%d bytes of data from a %d-byte file", data, len(b))
		}
		again, err := usb.ParsePcapng(encodePcapng(recs))
		if err != nil {
			t.Fatalf("re-encoded records do not parse: %v", err)
		}
		if len(recs) == 0 && len(again) == 0 {
			return
		}
		if !reflect.DeepEqual(again, recs) {
			t.Fatalf("round trip changed the records:\n got %v\nwant %v", again, recs)
		}
	})
}

// encodeIoctl writes S/C record pairs as umockdev REAPURB lines.
func encodeIoctl(recs []usb.Record) []byte {
	var b bytes.Buffer
	b.WriteString("@DEV /dev/bus/usb/003/004\nUSBDEVFS_GET_CAPABILITIES 0 7D000000\n")
	for i := 0; i+1 < len(recs); i += 2 {
		s, c := recs[i], recs[i+1]
		data := c.Data
		if c.Endpoint&0x80 == 0 {
			data = s.Data
		}
		fmt.Fprintf(&b, "USBDEVFS_REAPURBNDELAY 0 %d %d %d 0 %d %d 0", s.Type, s.Endpoint, c.Status, s.Length, c.Length)
		if len(data) > 0 {
			fmt.Fprintf(&b, " %X", data)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func FuzzParseIoctl(f *testing.F) {
	f.Add([]byte("USBDEVFS_REAPURBNDELAY 0 3 2 0 0 2 2 0 8001\n USBDEVFS_REAPURBNDELAY 0 3 129 0 0 4 4 0 E0020000\n"))
	f.Add([]byte("# comment\n@DEV /dev/bus/usb/001/002\nUSBDEVFS_REAPURB 0 2 0 -32 0 8 0 0\n"))
	f.Add([]byte("USBDEVFS_REAPURBNDELAY 0 3 2 0 0 2 2\n"))
	f.Add([]byte("USBDEVFS_REAPURBNDELAY 0 3 x 0 0 2 2 0 80\n"))
	f.Add([]byte("USBDEVFS_REAPURBNDELAY 0 3 2 0 0 2 2 0 8\n"))
	for _, b := range sharedSeeds(f, "*.ioctl") {
		if len(b) > 4096 {
			b = b[:bytes.LastIndexByte(b[:4096], '\n')+1]
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := usb.ParseIoctl(b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "usb: ioctl line ") && !strings.Contains(err.Error(), "token too long") {
				t.Fatalf("error without the parser's prefix: %v", err)
			}
			return
		}
		if len(recs)%2 != 0 {
			t.Fatalf("%d records: not S/C pairs", len(recs))
		}
		data := 0
		for i := 0; i < len(recs); i += 2 {
			s, c := recs[i], recs[i+1]
			if s.Event != 'S' || c.Event != 'C' || s.URBID != c.URBID || s.Index != i+1 || c.Index != i+2 {
				t.Fatalf("records %d, %d are not one URB: %v / %v", i+1, i+2, s, c)
			}
			data += len(s.Data) + len(c.Data)
		}
		if data > len(b)/2 { // two hex digits a byte
			t.Fatalf("%d bytes of data from a %d-byte file", data, len(b))
		}
		again, err := usb.ParseIoctl(encodeIoctl(recs))
		if err != nil {
			t.Fatalf("re-encoded records do not parse: %v", err)
		}
		if len(recs) == 0 && len(again) == 0 {
			return
		}
		if !reflect.DeepEqual(again, recs) {
			t.Fatalf("round trip changed the records:\n got %v\nwant %v", again, recs)
		}
	})
}

func FuzzReadDeviceFile(f *testing.F) {
	f.Add([]byte("P: /devices/usb3/3-1\nN: bus/usb/003/004=12011001FFFFFF08FF0831570000000100010902200001010080320904000002FFFFFF000705810240000007050202080000\nE: BUSNUM=003\nE: DEVNUM=004\n\nP: /devices/next\n"))
	f.Add([]byte("N: bus/usb/001/002=1201\n"))
	f.Add([]byte("N: bus/usb/x/y=\n"))
	for _, b := range sharedSeeds(f, "device") {
		f.Add(b)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "device")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		d, err := usb.ReadDeviceFile(path)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "usb: ") {
				t.Fatalf("error without the package prefix: %v", err)
			}
			return
		}
		if len(d.Descriptors) < 18 || len(d.Descriptors) > len(b)/2 {
			t.Fatalf("%d descriptor bytes from a %d-byte file", len(d.Descriptors), len(b))
		}
		if got := binary.LittleEndian.Uint16(d.Descriptors[8:]); got != d.VID {
			t.Fatalf("VID %04x, descriptor says %04x", d.VID, got)
		}
		if len(d.EndpointTypes) > len(d.Descriptors)/7 {
			t.Fatalf("%d endpoints from %d descriptor bytes", len(d.EndpointTypes), len(d.Descriptors))
		}
		if !bytes.Contains(bytes.ToUpper(b), []byte(strings.ToUpper(hex.EncodeToString(d.Descriptors)))) {
			t.Fatal("descriptors that the file does not hold")
		}
	})
}

// An interface block too short to hold its link type is refused by name:
// read as it was, its "link type" was the block's own trailing length.
func TestParsePcapng_InterfaceBlockCutShort(t *testing.T) {
	good := encodePcapng(sampleRecords())
	shb := int(binary.LittleEndian.Uint32(good[4:]))
	idb := int(binary.LittleEndian.Uint32(good[shb+4:]))
	cut := append(append(append([]byte{}, good[:shb]...), pcapngBlock(1, nil)...), good[shb+idb:]...)
	_, err := usb.ParsePcapng(cut)
	if err == nil || !strings.Contains(err.Error(), "interface block at byte 28 cut short") {
		t.Fatalf("ParsePcapng = %v, want the interface block cut short", err)
	}
}
