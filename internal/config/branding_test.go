package config_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aalogon/internal/config"
)

const goodSVG = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><circle cx="12" cy="12" r="10"/></svg>`

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// brandingFile writes data as name in a fresh folder and returns its path.
func brandingFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func withBranding(name, logo string) []byte {
	return []byte(`{"server_url":"https://a/api/v1","endpoint_id":"e","branding_name":` + quote(name) + `,"branding_logo":` + quote(logo) + `}`)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestBranding_GoodLogosAreKept(t *testing.T) {
	for _, tc := range []struct{ name, file string }{
		{"png", brandingFile(t, "logo.png", pngOf(t, 64, 32))},
		{"svg", brandingFile(t, "Logo.SVG", []byte(goodSVG))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := config.Parse(withBranding("Jaguar Logistics GmbH", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if c.BrandingName != "Jaguar Logistics GmbH" || c.BrandingLogo != tc.file {
				t.Errorf("branding %q %q, want the name and %s", c.BrandingName, c.BrandingLogo, tc.file)
			}
			logo, err := config.LoadLogo(tc.file)
			if err != nil || logo.Name != filepath.Base(tc.file) || len(logo.Data) == 0 {
				t.Errorf("LoadLogo() = %+v, %v; want the file", logo, err)
			}
		})
	}
}

func TestBranding_BadLogoIsRefusedWithItsReason(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, path, want string }{
		{"url", "https://cdn.example.com/logo.png", "is a URL"},
		{"relative", "logo.png", "is not an absolute path"},
		{"gif", brandingFile(t, "logo.gif", []byte("GIF89a")), "is not a .png or .svg file"},
		{"missing", filepath.Join(dir, "nowhere.png"), "cannot be read: no such file"},
		{"folder", mkdir(t, filepath.Join(dir, "folder.svg")), "is not a regular file"},
		{"too big", brandingFile(t, "big.svg", bytes.Repeat([]byte(" "), config.MaxLogoBytes+1)), "is 257 KiB, more than 256 KiB"},
		{"not a png", brandingFile(t, "fake.png", []byte(goodSVG)), "is not a PNG image"},
		{"truncated png", brandingFile(t, "cut.png", pngOf(t, 64, 64)[:60]), "is not a PNG image"},
		{"huge png", brandingFile(t, "wide.png", pngOf(t, config.MaxLogoSide+1, 1)), "is 2049×1 pixels, more than 2048×2048"},
		{"html as svg", brandingFile(t, "page.svg", []byte(`<html><body>logo</body></html>`)), "is not an SVG image (no svg element)"},
		{"broken svg", brandingFile(t, "broken.svg", []byte(`<svg><g></svg>`)), "is not an SVG image"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse(withBranding("Jaguar", tc.path))
			if !errors.Is(err, config.ErrLogo) {
				t.Fatalf("Parse() error = %v, want %v", err, config.ErrLogo)
			}
			if msg := err.Error(); !strings.Contains(msg, "branding_logo: ") || !strings.Contains(msg, tc.want) || !strings.Contains(msg, tc.path) {
				t.Errorf("Parse() error = %q, want the key, the path and %q", msg, tc.want)
			}
		})
	}
}

func TestBranding_BadNameIsRefused(t *testing.T) {
	logo := brandingFile(t, "logo.svg", []byte(goodSVG))
	for _, tc := range []struct{ name, value, want string }{
		{"blank", "   ", "branding_name: blank"},
		{"too long", strings.Repeat("Jaguar ", 12), "branding_name: 84 characters, more than 80"},
		{"line break", "Jaguar\nLogistics", "branding_name: holds a control character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := config.Parse(withBranding(tc.value, logo)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse() error = %v, want %q", err, tc.want)
			}
		})
	}
}

func mkdir(t *testing.T, path string) string {
	t.Helper()
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}
