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
	// Path is the file whose folder holds the endpoint secret file: the
	// most specific file read.
	Path string
}

// Resolve reads the layers, each overriding the keys it sets: the system
// file, the user file, the explicit file (if any; it must exist), then the
// AALOGON_* environment variables. Each file is checked strictly (unknown
// keys and bad values are errors with the line); the result is validated.
func Resolve(explicit string, getenv func(string) string) (*Effective, error) {
	eff := &Effective{From: map[string]string{}}
	layers := []struct {
		path     string
		required bool
	}{{SystemPath(), false}, {UserPath(), false}}
	if explicit != "" {
		layers = append(layers, struct {
			path     string
			required bool
		}{explicit, true})
	}
	for _, l := range layers {
		if l.path == "" {
			continue
		}
		b, err := os.ReadFile(l.path)
		if errors.Is(err, fs.ErrNotExist) && !l.required {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		if err := eff.apply(b, l.path, filepath.Dir(l.path)); err != nil {
			return nil, fmt.Errorf("config: %s: %w", l.path, err)
		}
		eff.Path = l.path
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
			return nil, fmt.Errorf("config: %s: %w", name, err)
		}
	}
	if eff.Path == "" && len(eff.From) == 0 {
		return nil, fmt.Errorf("config: no configuration: none of %s, %s, nor AALOGON_* variables (register this computer with 'aalogon register')", SystemPath(), UserPath())
	}
	if err := eff.Validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return eff, nil
}

// apply overlays one layer: the keys it holds replace earlier layers'.
// Relative paths in it are relative to dir ("": left as they are).
func (e *Effective) apply(b []byte, source, dir string) error {
	f, err := decode(b)
	if err != nil {
		return err
	}
	if err := f.Client.checkValues(); err != nil {
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
		}
		e.From[key] = source
	}
	return nil
}
