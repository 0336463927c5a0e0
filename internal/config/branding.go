package config

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The organisation shown at the top of the sign-in card: its name
// (branding_name) and logo (branding_logo, docs/configuration.md).

// Limits of the branding keys: a logo is small and local, a name fits the
// card's heading.
const (
	MaxLogoBytes = 256 << 10 // 256 KiB
	MaxLogoSide  = 2048      // pixels of a PNG's width and height
	MaxNameRunes = 80
)

// ErrLogo is a branding_logo that cannot be shown; the error wrapping it
// says why.
var ErrLogo = errors.New("branding_logo")

// Logo is a checked logo file: a PNG or an SVG image.
type Logo struct {
	// Name is the file's base name; it ends in .png or .svg.
	Name string
	// Data is the file's content, at most MaxLogoBytes.
	Data []byte
}

// LoadLogo reads and checks the logo at path: an absolute path (no URL) to
// a regular file of at most MaxLogoBytes, a PNG that decodes (at most
// MaxLogoSide square) or an SVG document, as its name's extension says.
// Errors wrap ErrLogo and name the path.
func LoadLogo(path string) (*Logo, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %q %s", ErrLogo, path, fmt.Sprintf(format, a...))
	}
	if strings.Contains(path, "://") {
		return nil, bad("is a URL: give the path of a local file")
	}
	if !filepath.IsAbs(path) {
		return nil, bad("is not an absolute path")
	}
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".png" && ext != ".svg" {
		return nil, bad("is not a .png or .svg file")
	}
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, bad("cannot be read: %v", errors.Unwrap(err))
	case !st.Mode().IsRegular():
		return nil, bad("is not a regular file")
	case st.Size() > MaxLogoBytes:
		return nil, bad("is %d KiB, more than %d KiB", (st.Size()+1023)/1024, MaxLogoBytes>>10)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, bad("cannot be read: %v", errors.Unwrap(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxLogoBytes+1))
	switch {
	case err != nil:
		return nil, bad("cannot be read: %v", err)
	case len(data) > MaxLogoBytes:
		return nil, bad("is more than %d KiB", MaxLogoBytes>>10)
	}
	if ext == ".png" {
		err = checkPNG(data)
	} else {
		err = checkSVG(data)
	}
	if err != nil {
		return nil, bad("%v", err)
	}
	return &Logo{Name: filepath.Base(path), Data: data}, nil
}

// checkPNG decodes a PNG whole, after its header says it is not too large.
func checkPNG(data []byte) error {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("is not a PNG image (%v)", err)
	}
	if cfg.Width > MaxLogoSide || cfg.Height > MaxLogoSide {
		return fmt.Errorf("is %d×%d pixels, more than %d×%d", cfg.Width, cfg.Height, MaxLogoSide, MaxLogoSide)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("is not a PNG image (%v)", err)
	}
	return nil
}

// checkSVG reads an SVG document through: well-formed XML whose root
// element is svg.
func checkSVG(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("is not an SVG image (%v)", err)
		}
		if el, ok := tok.(xml.StartElement); ok && root == "" {
			root = el.Name.Local
		}
	}
	if root != "svg" {
		return errors.New("is not an SVG image (no svg element)")
	}
	return nil
}

// checkBrandingName refuses a name the card cannot show on one heading:
// blank, too long, or with control characters.
func checkBrandingName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return errors.New("branding_name: blank (leave the key out for no name)")
	case !utf8.ValidString(name):
		return errors.New("branding_name: not UTF-8 text")
	case utf8.RuneCountInString(name) > MaxNameRunes:
		return fmt.Errorf("branding_name: %d characters, more than %d", utf8.RuneCountInString(name), MaxNameRunes)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return errors.New("branding_name: holds a control character (a line break, a tab)")
	}
	return nil
}
