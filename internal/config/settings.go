package config

import (
	"reflect"
	"strings"
)

// Setting is one key of the configuration file and its value in a
// configuration, for printing (the support bundle's config.json).
type Setting struct {
	// Key is the file's key, e.g. "server_url".
	Key string
	// Value is the key's value: a string, []string or bool; nil for an
	// optional value that is not set, and always nil for a Hidden key.
	Value any
	// Hidden keys are never shown, only whether they are Set: the
	// endpoint secret, and the kiosk PIN's hash (a short PIN is quickly
	// found from it). The struct tag `config:"hidden"` marks them.
	Hidden bool
	// Set reports whether the key has a value other than its zero value.
	Set bool
}

// Settings lists every key of the file form, in the order the file
// declares them, with c's values: a key added to Client is listed with no
// change here. The endpoint secret is listed as a Hidden key.
func (c *Client) Settings() []Setting {
	f := file{Client: *c}
	if !c.EndpointSecret.IsZero() {
		f.EndpointSecret = "set" // a stand-in: the secret itself never enters a Setting
	}
	var out []Setting
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		t := v.Type()
		for i := range t.NumField() {
			sf, fv := t.Field(i), v.Field(i)
			if sf.Anonymous {
				walk(fv)
				continue
			}
			key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if key == "" || key == "-" {
				continue
			}
			s := Setting{Key: key, Hidden: sf.Tag.Get("config") == "hidden", Set: !fv.IsZero()}
			switch {
			case s.Hidden:
			case fv.Kind() == reflect.Pointer && !fv.IsNil():
				s.Value = fv.Elem().Interface()
			case fv.Kind() != reflect.Pointer:
				s.Value = fv.Interface()
			}
			out = append(out, s)
		}
	}
	walk(reflect.ValueOf(f))
	return out
}
