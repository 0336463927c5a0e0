// Package config reads the client configuration: where the AA server is,
// how to trust it, and this endpoint's credentials.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"aalogon/auth"
	"aalogon/internal/atomicfile"
)

// Client is the client configuration file (JSON). Unknown keys are errors.
type Client struct {
	// ServerURL is the API root, e.g. "https://aa.example.com/api/v1".
	ServerURL string `json:"server_url"`
	// EndpointID comes from endpoint registration. The endpoint secret is
	// kept apart (keyring or SecretFile): Save never writes it here, and
	// a secret an administrator wrote here is read but discouraged.
	EndpointID     string      `json:"endpoint_id"`
	EndpointSecret auth.Secret `json:"-"`
	// CAFile is a PEM file of CAs to trust besides the system roots.
	// Relative paths are relative to the configuration file's folder;
	// register writes absolute paths.
	CAFile string `json:"ca_file,omitempty"`
	// Pins are SHA-256 SPKI pins ("sha256/<base64>").
	Pins []string `json:"pins,omitempty"`
	// Event is the default event to sign in to.
	Event string `json:"event,omitempty"`
	// Language overrides the system locale ("de", "en").
	Language string `json:"language,omitempty"`
	// KioskPINHash is the bcrypt hash of the kiosk's administrator exit
	// PIN ('aalogon kiosk-pin-hash' makes it). Empty: kiosk mode refuses
	// to start.
	KioskPINHash string `json:"kiosk_pin_hash,omitempty" config:"hidden"`
	// Theme is the window's colours, one of Themes(). Empty: "system".
	Theme string `json:"theme,omitempty"`
	// BrandingName is the organisation's name, the heading of the
	// sign-in card (at most MaxNameRunes, one line). Empty: none.
	BrandingName string `json:"branding_name,omitempty"`
	// BrandingLogo is the absolute path of the organisation's logo, a
	// PNG or SVG file of at most MaxLogoBytes (LoadLogo), shown above the
	// name. Empty: none.
	BrandingLogo string `json:"branding_logo,omitempty"`
	// LogFile false turns off aalogon's log file (a kiosk may want no
	// record of who signed in). Nil: on.
	LogFile *bool `json:"log_file,omitempty"`
}

// Themes are the values of the key "theme": follow the system's light or
// dark setting, force one, or high contrast (docs/accessibility.md).
func Themes() []string { return []string{"system", "light", "dark", "high-contrast"} }

// LogFileOn reports whether aalogon keeps its log file: unless log_file
// is false.
func (c *Client) LogFileOn() bool { return c.LogFile == nil || *c.LogFile }

// file is the on-disk shape: EndpointSecret is a Secret that never
// marshals, so the file form reads it as a plain string.
type file struct {
	Client
	EndpointSecret string `json:"endpoint_secret,omitempty" config:"hidden"`
}

// SecretFile is where the endpoint secret of the configuration at path is
// kept when no keyring works, or for every local user of a machine-wide
// registration: beside it, readable by its owner only (or, machine-wide,
// by root and the group aalogon; docs/configuration.md).
func SecretFile(path string) string { return path + ".secret" }

// Modes of configuration files: a person's own file is theirs alone; the
// system-wide file holds no secret and is read by every local user.
const (
	PrivateMode fs.FileMode = 0o600
	SharedMode  fs.FileMode = 0o644
)

// Load reads and validates a client configuration file.
func Load(path string) (*Client, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("config: %s: %w", path, err)
	}
	if c.CAFile != "" && !filepath.IsAbs(c.CAFile) {
		c.CAFile = filepath.Join(filepath.Dir(path), c.CAFile)
	}
	return c, nil
}

// Parse decodes and validates a configuration. Errors name the line.
func Parse(b []byte) (*Client, error) {
	f, err := decode(b)
	if err != nil {
		return nil, err
	}
	c := f.Client
	c.EndpointSecret = auth.Secret(f.EndpointSecret)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// decode checks a file's structure strictly: one JSON object, known keys,
// values of the right types. Its errors name the line. It does not check
// that the values are complete or valid: a layer may hold only some keys.
func decode(b []byte) (*file, error) {
	if err := checkKeys(b); err != nil {
		return nil, err
	}
	var f file
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, locate(b, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("line %d: text after the configuration object", lineAt(b, int(dec.InputOffset())))
	}
	return &f, nil
}

// Validate checks that the configuration is complete and its values valid.
func (c *Client) Validate() error {
	var errs []error
	if c.ServerURL == "" {
		errs = append(errs, errors.New("server_url: missing"))
	}
	if c.EndpointID == "" {
		errs = append(errs, errors.New("endpoint_id: missing (register the endpoint first)"))
	}
	if err := c.CheckValues(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// CheckValues checks the values that are set, whether or not the
// configuration is complete: a layer of it can be checked alone, and
// register checks what it was given before it sends anything.
func (c *Client) CheckValues() error {
	var errs []error
	if c.ServerURL != "" {
		if u, err := url.Parse(c.ServerURL); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, fmt.Errorf("server_url: %q is not an https:// URL", c.ServerURL))
		}
	}
	if c.KioskPINHash != "" {
		if _, err := bcrypt.Cost([]byte(c.KioskPINHash)); err != nil {
			errs = append(errs, errors.New("kiosk_pin_hash: not a bcrypt hash (make one with 'aalogon kiosk-pin-hash')"))
		}
	}
	for _, p := range c.Pins {
		if _, err := auth.ParsePin(p); err != nil {
			errs = append(errs, fmt.Errorf("pins: %q is not sha256/<base64> or 64 hex digits", p))
		}
	}
	if c.Theme != "" && !slices.Contains(Themes(), c.Theme) {
		errs = append(errs, fmt.Errorf("theme: %q is not one of %s", c.Theme, strings.Join(Themes(), ", ")))
	}
	if c.BrandingName != "" {
		if err := checkBrandingName(c.BrandingName); err != nil {
			errs = append(errs, err)
		}
	}
	if c.BrandingLogo != "" {
		if _, err := LoadLogo(c.BrandingLogo); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Save replaces path with c, mode perm: PrivateMode for a person's own
// file, SharedMode for the system-wide one. The endpoint secret is never
// written: keep it with credstore.SaveEndpointSecret. A symbolic link or a
// temporary name planted beside path is never followed (atomicfile.Write).
func (c *Client) Save(path string, perm fs.FileMode) error {
	b, err := json.MarshalIndent(file{Client: *c}, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, append(b, '\n'), perm, -1); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return nil
}

// TLS returns the TLS options of c.
func (c *Client) TLS() auth.TLSOptions { return auth.TLSOptions{CAFile: c.CAFile, Pins: c.Pins} }

// locate turns a JSON decoding error into one that names the line.
func locate(b []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("line %d: %s", lineAt(b, int(syn.Offset)), syn.Error())
	case errors.As(err, &typ):
		field := typ.Field[strings.LastIndex(typ.Field, ".")+1:]
		return fmt.Errorf("line %d: %s: want %s, got %s", lineAt(b, int(typ.Offset)), field, typ.Type, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("line %d: the file ends inside the configuration", lineAt(b, len(b)))
	}
	return err
}

// knownKeys are the keys of the file form, from its JSON tags.
func knownKeys() map[string]bool {
	keys := map[string]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous {
				walk(f.Type)
				continue
			}
			if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
				keys[name] = true
			}
		}
	}
	walk(reflect.TypeFor[file]())
	return keys
}

// checkKeys refuses a key the file form does not have, naming its line.
// Keys compare exactly: encoding/json would also take "Server_URL". Any
// other fault is left to the strict decoder, which names it.
func checkKeys(b []byte) error {
	known := knownKeys()
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		if key, _ := t.(string); !known[key] {
			return fmt.Errorf("line %d: unknown key %q", lineAt(b, int(dec.InputOffset())-1), key)
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil
		}
	}
	return nil
}

func lineAt(b []byte, off int) int {
	off = min(max(off, 0), len(b))
	return 1 + bytes.Count(b[:off], []byte("\n"))
}
