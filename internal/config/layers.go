package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"aalogon/auth"
)

// SystemPath is the system-wide configuration of this OS.
func SystemPath() string {
	switch runtime.GOOS {
	case "windows":
		base := os.Getenv("ProgramData")
		if base == "" {
			base = `C:\ProgramData`
		}
		return filepath.Join(base, "aalogon", "client.json")
	case "darwin":
		return "/Library/Application Support/aalogon/client.json"
	}
	return "/etc/aalogon/client.json"
}

// UserPath is the per-user configuration ("" when the OS has no user
// configuration folder).
func UserPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "aalogon", "client.json")
}

// Environment variables that override the files.
var envKeys = map[string]string{
	"AALOGON_SERVER_URL":  "server_url",
	"AALOGON_ENDPOINT_ID": "endpoint_id",
	"AALOGON_CA_FILE":     "ca_file",
	"AALOGON_PINS":        "pins", // comma-separated
	"AALOGON_EVENT":       "event",
	"AALOGON_LANGUAGE":    "language",
}

// Effective is a configuration resolved from its layers, with where each
// key's value came from.
type Effective struct {
	Client
	// From maps a key ("server_url") to its source: a file path or an
	// environment variable.
	From map[string]string
	// EndpointFile is the file that set endpoint_id: the endpoint secret
	// belongs to it (SecretFile), whatever later layers add. "" when the
	// environment set endpoint_id: the secret is then in the keyring only.
	EndpointFile string
	// Skipped are the optional layers that exist but could not be read,
	// each a *LayerError (usually fs.ErrPermission): the configuration
	// was resolved without them.
	Skipped []error
}

// LayerError is a fault of one layer: a file or an environment variable.
type LayerError struct {
	Source string // a file path, or "environment AALOGON_…"
	Err    error
}

// Error names the layer.
func (e *LayerError) Error() string { return "config: " + e.Source + ": " + e.Err.Error() }

// Unwrap gives the layer's fault: fs.ErrPermission, a decoding error…
func (e *LayerError) Unwrap() error { return e.Err }

// SecretFile is the file that keeps the endpoint secret when it is not in
// the keyring ("" when the environment set endpoint_id).
func (e *Effective) SecretFile() string {
	if e.EndpointFile == "" {
		return ""
	}
	return SecretFile(e.EndpointFile)
}

// Resolve reads the layers, each overriding the keys it sets: the system
// file, the user file, the explicit file (if any; it must exist), then the
// AALOGON_* environment variables, and on Windows last the Group Policy
// key HKLM\SOFTWARE\Policies\AA Logon (PolicyKey), which an
// administrator enforces over all of them. Each file is checked strictly (unknown
// keys and bad values are errors with the line); the result is validated.
// The system and user files are optional: missing, they are passed over;
// unreadable, they are passed over and listed in Skipped. Errors of a
// layer are *LayerError. When the layers together are incomplete or
// invalid, the partial result comes with the error: its Skipped may say
// why (a system file this user may not read).
func Resolve(explicit string, getenv func(string) string) (*Effective, error) {
	layers := []fileLayer{{SystemPath(), false}, {UserPath(), false}}
	if explicit != "" {
		layers = append(layers, fileLayer{explicit, true})
	}
	return resolve(layers, os.ReadFile, getenv, readPolicy)
}

// fileLayer is one configuration file; only a required one must exist and
// be readable.
type fileLayer struct {
	path     string
	required bool
}

func resolve(layers []fileLayer, readFile func(string) ([]byte, error), getenv func(string) string, policy readPolicyFunc) (*Effective, error) {
	eff := &Effective{From: map[string]string{}}
	read := false
	for _, l := range layers {
		if l.path == "" {
			continue
		}
		b, err := readFile(l.path)
		switch {
		case errors.Is(err, fs.ErrNotExist) && !l.required:
			continue
		case errors.Is(err, fs.ErrPermission) && !l.required:
			eff.Skipped = append(eff.Skipped, &LayerError{l.path, err})
			continue
		case err != nil:
			return nil, &LayerError{l.path, err}
		}
		if err := eff.apply(b, l.path, filepath.Dir(l.path)); err != nil {
			return nil, &LayerError{l.path, err}
		}
		read = true
	}
	names := make([]string, 0, len(envKeys))
	for name := range envKeys {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		v := getenv(name)
		if v == "" {
			continue
		}
		// A variable is a one-key layer, checked like a file's key.
		var value any = v
		if envKeys[name] == "pins" {
			value = strings.Split(v, ",")
		}
		b, _ := json.Marshal(map[string]any{envKeys[name]: value})
		if err := eff.apply(b, "environment "+name, ""); err != nil {
			return nil, &LayerError{name, err}
		}
	}
	if err := eff.applyPolicy(policy); err != nil {
		return nil, err
	}
	if !read && len(eff.From) == 0 {
		return eff, fmt.Errorf("config: %w: none of %s, %s, nor AALOGON_* variables (register this computer with 'aalogon register')", ErrNone, SystemPath(), UserPath())
	}
	if err := eff.Validate(); err != nil {
		return eff, fmt.Errorf("config: %w", err)
	}
	return eff, nil
}

// applyPolicy overlays the Group Policy layer, checked as a file is; a
// policy key this user may not read is passed over and listed in Skipped.
func (e *Effective) applyPolicy(policy readPolicyFunc) error {
	values, err := policy()
	switch {
	case errors.Is(err, fs.ErrPermission):
		e.Skipped = append(e.Skipped, &LayerError{policySource, err})
		return nil
	case err != nil:
		return &LayerError{policySource, err}
	}
	b, err := policyJSON(values)
	if err != nil {
		return &LayerError{policySource, err}
	}
	if b == nil {
		return nil
	}
	if err := e.apply(b, policySource, ""); err != nil {
		return &LayerError{policySource, err}
	}
	return nil
}

// ErrNone: no layer holds any configuration.
var ErrNone = errors.New("no configuration")

// apply overlays one layer: the keys it holds replace earlier layers'.
// Relative paths in it are relative to dir ("": left as they are).
func (e *Effective) apply(b []byte, source, dir string) error {
	f, err := decode(b)
	if err != nil {
		return err
	}
	if err := f.Client.CheckValues(); err != nil {
		return err
	}
	var present map[string]json.RawMessage
	if err := json.Unmarshal(b, &present); err != nil {
		return err
	}
	for key := range present {
		switch key {
		case "server_url":
			e.ServerURL = f.ServerURL
		case "endpoint_id":
			e.EndpointID = f.EndpointID
			e.EndpointFile = ""
			if dir != "" {
				e.EndpointFile = source
			}
		case "endpoint_secret":
			e.EndpointSecret = auth.Secret(f.EndpointSecret)
		case "ca_file":
			e.CAFile = f.CAFile
			if e.CAFile != "" && dir != "" && !filepath.IsAbs(e.CAFile) {
				e.CAFile = filepath.Join(dir, e.CAFile)
			}
		case "pins":
			e.Pins = f.Pins
		case "event":
			e.Event = f.Event
		case "language":
			e.Language = f.Language
		case "kiosk_pin_hash":
			e.KioskPINHash = f.KioskPINHash
		case "theme":
			e.Theme = f.Theme
		case "branding_name":
			e.BrandingName = f.BrandingName
		case "branding_logo":
			e.BrandingLogo = f.BrandingLogo
		case "log_file":
			e.LogFile = f.LogFile
		}
		e.From[key] = source
	}
	return nil
}
