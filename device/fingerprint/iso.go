// Package fingerprint turns a fingerprint image into an ISO/IEC 19794-2:2005
// finger minutiae record (the FINGER answer, aa-api.md §3) and compares
// records.
package fingerprint

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Minutia types (ISO/IEC 19794-2:2005 §7.4.1).
const (
	MinutiaOther       = 0
	MinutiaEnding      = 1
	MinutiaBifurcation = 2
)

// Minutia is one minutia of a view. X and Y are pixels of the image the
// record declares, origin top left, y down. Angle is in units of 360/256
// degrees, counter-clockwise from the x axis. Quality is 0–100 (0: not
// reported). Reserved holds the two reserved bits above Y, kept for
// byte-exact round trips.
type Minutia struct {
	Type     uint8
	X, Y     uint16
	Angle    uint8
	Quality  uint8
	Reserved uint8
}

// View is one finger view of a record.
type View struct {
	FingerPosition uint8 // 0 unknown, 1 right thumb … 10 left little
	ViewNumber     uint8 // 0–15
	ImpressionType uint8 // 0 live-scan plain, 1 live-scan rolled, …
	Quality        uint8 // 0–100
	Minutiae       []Minutia
	// Extended is the extended data block after its 2-byte length, raw.
	Extended []byte
}

// Record is an ISO/IEC 19794-2:2005 finger minutiae record.
type Record struct {
	// Equipment is the 16-bit capture equipment field: 4 bits of
	// certification flags, 12 bits of device type id (0: unreported).
	Equipment uint16
	Width     uint16
	Height    uint16
	// ResX and ResY are in pixels per centimetre (500 dpi = 197).
	ResX, ResY uint16
	Reserved   uint8
	Views      []View
}

const (
	headerLen  = 24
	viewHeader = 4
	minutiaLen = 6
	maxField14 = 1<<14 - 1
)

var (
	magic   = [4]byte{'F', 'M', 'R', 0}
	version = [4]byte{' ', '2', '0', 0}
)

// ErrFormat is wrapped by every decoding error.
var ErrFormat = errors.New("fingerprint: not a valid ISO/IEC 19794-2:2005 record")

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}

// Decode parses a record. Bytes after the declared record length (padding
// some SDKs write) are ignored. It checks structure only; Validate checks
// the values.
func Decode(b []byte) (*Record, error) {
	if len(b) < headerLen {
		return nil, formatErr("%d bytes is shorter than the %d-byte header", len(b), headerLen)
	}
	if [4]byte(b[0:4]) != magic {
		return nil, formatErr("format identifier is % x, want \"FMR\\0\"", b[0:4])
	}
	if [4]byte(b[4:8]) != version {
		return nil, formatErr("version is %q, want \" 20\"", b[4:7])
	}
	n := binary.BigEndian.Uint32(b[8:12])
	if n < headerLen {
		return nil, formatErr("record length %d is shorter than the header", n)
	}
	if uint64(n) > uint64(len(b)) {
		return nil, formatErr("record length says %d bytes, only %d present (truncated)", n, len(b))
	}
	b = b[:n]
	r := &Record{
		Equipment: binary.BigEndian.Uint16(b[12:14]),
		Width:     binary.BigEndian.Uint16(b[14:16]),
		Height:    binary.BigEndian.Uint16(b[16:18]),
		ResX:      binary.BigEndian.Uint16(b[18:20]),
		ResY:      binary.BigEndian.Uint16(b[20:22]),
		Reserved:  b[23],
	}
	views := int(b[22])
	off := headerLen
	for v := 0; v < views; v++ {
		if off+viewHeader > len(b) {
			return nil, formatErr("view %d header at byte %d runs past the record end (%d)", v+1, off, len(b))
		}
		view := View{FingerPosition: b[off], ViewNumber: b[off+1] >> 4, ImpressionType: b[off+1] & 0x0f,
			Quality: b[off+2]}
		count := int(b[off+3])
		off += viewHeader
		if off+count*minutiaLen+2 > len(b) {
			return nil, formatErr("view %d declares %d minutiae; the record ends at byte %d", v+1, count, len(b))
		}
		view.Minutiae = make([]Minutia, count)
		for i := range view.Minutiae {
			m := b[off : off+minutiaLen]
			xy := binary.BigEndian.Uint16(m[0:2])
			y := binary.BigEndian.Uint16(m[2:4])
			view.Minutiae[i] = Minutia{Type: uint8(xy >> 14), X: xy & maxField14, Reserved: uint8(y >> 14),
				Y: y & maxField14, Angle: m[4], Quality: m[5]}
			off += minutiaLen
		}
		ext := int(binary.BigEndian.Uint16(b[off : off+2]))
		off += 2
		if off+ext > len(b) {
			return nil, formatErr("view %d extended data of %d bytes runs past the record end", v+1, ext)
		}
		if ext > 0 {
			view.Extended = append([]byte(nil), b[off:off+ext]...)
		}
		off += ext
		r.Views = append(r.Views, view)
	}
	if off != len(b) {
		return nil, formatErr("record length %d, but its views end at byte %d", len(b), off)
	}
	return r, nil
}

// Encode serialises r. It fails when a value does not fit its field.
func (r *Record) Encode() ([]byte, error) {
	if len(r.Views) > 255 {
		return nil, fmt.Errorf("fingerprint: %d views, at most 255", len(r.Views))
	}
	size := headerLen
	for i, v := range r.Views {
		if len(v.Minutiae) > 255 {
			return nil, fmt.Errorf("fingerprint: view %d has %d minutiae, at most 255", i+1, len(v.Minutiae))
		}
		if len(v.Extended) > 0xffff {
			return nil, fmt.Errorf("fingerprint: view %d extended data too long", i+1)
		}
		size += viewHeader + minutiaLen*len(v.Minutiae) + 2 + len(v.Extended)
	}
	b := make([]byte, 0, size)
	b = append(b, magic[:]...)
	b = append(b, version[:]...)
	b = binary.BigEndian.AppendUint32(b, uint32(size))
	for _, f := range []uint16{r.Equipment, r.Width, r.Height, r.ResX, r.ResY} {
		b = binary.BigEndian.AppendUint16(b, f)
	}
	b = append(b, uint8(len(r.Views)), r.Reserved)
	for i, v := range r.Views {
		if v.ViewNumber > 15 || v.ImpressionType > 15 {
			return nil, fmt.Errorf("fingerprint: view %d: view number or impression type over 15", i+1)
		}
		b = append(b, v.FingerPosition, v.ViewNumber<<4|v.ImpressionType, v.Quality, uint8(len(v.Minutiae)))
		for j, m := range v.Minutiae {
			if m.X > maxField14 || m.Y > maxField14 || m.Type > 3 || m.Reserved > 3 {
				return nil, fmt.Errorf("fingerprint: view %d minutia %d does not fit its fields", i+1, j+1)
			}
			b = binary.BigEndian.AppendUint16(b, uint16(m.Type)<<14|m.X)
			b = binary.BigEndian.AppendUint16(b, uint16(m.Reserved)<<14|m.Y)
			b = append(b, m.Angle, m.Quality)
		}
		b = binary.BigEndian.AppendUint16(b, uint16(len(v.Extended)))
		b = append(b, v.Extended...)
	}
	return b, nil
}

// Validate checks the values of a decoded record: a non-empty image with a
// resolution, at least one view, finger positions 0–10, qualities 0–100,
// minutiae inside the image and of a defined type, and well-formed extended
// data blocks.
func (r *Record) Validate() error {
	var errs []error
	if r.Width == 0 || r.Height == 0 {
		errs = append(errs, fmt.Errorf("image size %dx%d is empty", r.Width, r.Height))
	}
	if r.ResX == 0 || r.ResY == 0 {
		errs = append(errs, fmt.Errorf("resolution %dx%d px/cm is missing", r.ResX, r.ResY))
	}
	if len(r.Views) == 0 {
		errs = append(errs, errors.New("the record has no finger view"))
	}
	for i, v := range r.Views {
		if v.FingerPosition > 10 {
			errs = append(errs, fmt.Errorf("view %d: finger position %d is over 10", i+1, v.FingerPosition))
		}
		if v.Quality > 100 {
			errs = append(errs, fmt.Errorf("view %d: quality %d is over 100", i+1, v.Quality))
		}
		for j, m := range v.Minutiae {
			if m.X >= r.Width || m.Y >= r.Height {
				errs = append(errs, fmt.Errorf("view %d minutia %d at (%d,%d) is outside the %dx%d image",
					i+1, j+1, m.X, m.Y, r.Width, r.Height))
			}
			if m.Type == 3 {
				errs = append(errs, fmt.Errorf("view %d minutia %d has the undefined type 3", i+1, j+1))
			}
			if m.Quality > 100 {
				errs = append(errs, fmt.Errorf("view %d minutia %d quality %d is over 100", i+1, j+1, m.Quality))
			}
		}
		if err := checkExtended(v.Extended); err != nil {
			errs = append(errs, fmt.Errorf("view %d: %w", i+1, err))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrFormat, errors.Join(errs...))
	}
	return nil
}

// checkExtended walks the extended data blocks: type id (2), length (2,
// including these 4 bytes), data.
func checkExtended(ext []byte) error {
	for off := 0; off < len(ext); {
		if off+4 > len(ext) {
			return fmt.Errorf("extended data block header at byte %d is cut short", off)
		}
		n := int(binary.BigEndian.Uint16(ext[off+2 : off+4]))
		if n < 4 || off+n > len(ext) {
			return fmt.Errorf("extended data block at byte %d declares length %d of %d left", off, n, len(ext)-off)
		}
		off += n
	}
	return nil
}

// DPIToPPCM converts dots per inch to pixels per centimetre, rounded.
func DPIToPPCM(dpi float64) uint16 { return uint16(dpi/2.54 + 0.5) }
