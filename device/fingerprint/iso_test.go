package fingerprint_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aalogon/device/fingerprint"
	"aalogon/internal/shared"
)

// thirdParty lists the ISO records made by other SDKs: the FVC sets' iso/
// folders and the SourceAFIS samples.
func thirdParty(t testing.TB) []string {
	t.Helper()
	root, err := shared.Path("fpdata")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "*", "iso", "*.iso"))
	sa, _ := filepath.Glob(filepath.Join(root, "sourceafis_samples", "iso-*.dat"))
	files = append(files, sa...)
	if len(files) < 400 {
		t.Fatalf("found only %d third-party records under %s", len(files), root)
	}
	return files
}

func TestThirdPartyRecordsRoundTripByteIdentical(t *testing.T) {
	for _, path := range thirdParty(t) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := fingerprint.Decode(b)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: valid third-party record refused: %v", path, err)
		}
		out, err := r.Encode()
		if err != nil {
			t.Errorf("%s: encode: %v", path, err)
			continue
		}
		n := binary.BigEndian.Uint32(b[8:12]) // the record; SourceAFIS files pad after it
		if !bytes.Equal(out, b[:n]) {
			t.Errorf("%s: re-encoded record differs (%d bytes vs %d)", path, len(out), n)
		}
	}
}

func TestSourceAFISSampleFields(t *testing.T) {
	root, _ := shared.Path("fpdata/sourceafis_samples")
	b, err := os.ReadFile(filepath.Join(root, "iso-probe.dat"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := fingerprint.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	// A 263-byte record padded to a 384-byte file: 224x288 at 197 px/cm (500 dpi),
	// as its header bytes 00 e0 01 20 00 c5 00 c5 say.
	if len(b) != 384 || r.Width != 224 || r.Height != 288 || r.ResX != 197 || len(r.Views) != 1 {
		t.Errorf("header %dx%d @%d, %d views, file %d bytes", r.Width, r.Height, r.ResX, len(r.Views), len(b))
	}
	v := r.Views[0]
	if got := 24 + 4 + 6*len(v.Minutiae) + 2 + len(v.Extended); got != 263 {
		t.Errorf("layout adds up to %d bytes, want the declared 263", got)
	}
	if len(v.Extended) != 5 {
		t.Errorf("extended data %d bytes, want 5", len(v.Extended))
	}
}

func TestTruncatedRecordsAreRefused(t *testing.T) {
	root, err := shared.Path("fpdata/openafis_iso_invalid")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "*.iso"))
	if len(files) != 3 {
		t.Fatalf("%d invalid records, want 3", len(files))
	}
	for _, path := range files {
		b, _ := os.ReadFile(path)
		_, err := fingerprint.Decode(b)
		if !errors.Is(err, fingerprint.ErrFormat) || !strings.Contains(err.Error(), "truncated") && !strings.Contains(err.Error(), "shorter") {
			t.Errorf("%s (%d bytes): err = %v, want a clear truncation error", filepath.Base(path), len(b), err)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	good := (&fingerprint.Record{Width: 256, Height: 180, ResX: 197, ResY: 197, Views: []fingerprint.View{{
		FingerPosition: 3, Quality: 80, Minutiae: []fingerprint.Minutia{{Type: 1, X: 10, Y: 20, Angle: 64, Quality: 50}}}}})
	b, err := good.Encode()
	if err != nil {
		t.Fatal(err)
	}
	mutate := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), b...)) }
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "shorter than the 24-byte header"},
		{"magic", mutate(func(b []byte) []byte { b[0] = 'X'; return b }), "format identifier"},
		{"version", mutate(func(b []byte) []byte { b[5] = '1'; return b }), "version"},
		{"length too long", mutate(func(b []byte) []byte { b[11]++; return b }), "truncated"},
		{"too many minutiae", mutate(func(b []byte) []byte { b[27] = 9; return b }), "declares 9 minutiae"},
		{"views past end", mutate(func(b []byte) []byte { b[22] = 2; return b }), "runs past the record end"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fingerprint.Decode(tc.in)
			if !errors.Is(err, fingerprint.ErrFormat) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	// Values: decoded fine, refused by Validate.
	bad := *good
	bad.Views = []fingerprint.View{{FingerPosition: 12, Quality: 101, Minutiae: []fingerprint.Minutia{{Type: 3, X: 300, Y: 10}}}}
	err = bad.Validate()
	for _, want := range []string{"finger position 12", "quality 101", "outside the 256x180 image", "undefined type 3"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want it to say %q", err, want)
		}
	}
}

// FuzzDecode: any bytes give a record or an ErrFormat, never a panic; a
// decoded record re-encodes to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, path := range thirdParty(f)[:20] {
		b, _ := os.ReadFile(path)
		f.Add(b)
	}
	root, _ := shared.Path("fpdata/openafis_iso_invalid")
	invalid, _ := filepath.Glob(filepath.Join(root, "*.iso"))
	for _, path := range invalid {
		b, _ := os.ReadFile(path)
		f.Add(b)
	}
	f.Add([]byte("FMR\x00 20\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := fingerprint.Decode(b)
		if err != nil {
			if !errors.Is(err, fingerprint.ErrFormat) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		_ = r.Validate()
		out, err := r.Encode()
		if err != nil {
			t.Fatalf("a decoded record does not encode: %v", err)
		}
		n := binary.BigEndian.Uint32(b[8:12])
		if !bytes.Equal(out, b[:n]) {
			t.Fatal("round trip changed the record")
		}
	})
}
