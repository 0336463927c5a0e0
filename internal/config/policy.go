package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// PolicyKey is the registry key, under HKEY_LOCAL_MACHINE, where Group
// Policy (packaging/windows/aalogon.admx) puts the system-wide settings on
// Windows. Its value names are the configuration file's keys
// ("server_url"); the layer it makes overrides every file and variable.
const PolicyKey = `SOFTWARE\Policies\AA Logon`

// policySource names the policy layer in Effective.From and in errors.
const policySource = `registry HKLM\` + PolicyKey

// ErrPolicyValue is a value of the policy key that is not a setting, or of
// the wrong registry type.
var ErrPolicyValue = errors.New("not a setting of AA Logon")

// policyValue is one value of the policy key as the registry holds it: a
// REG_SZ, REG_EXPAND_SZ or REG_MULTI_SZ as Strings, a REG_DWORD or
// REG_QWORD as Number.
type policyValue struct {
	Name     string
	Strings  []string
	Number   uint64
	IsNumber bool
}

// readPolicyFunc reads the policy key's values; nil values and a nil
// error when the key does not exist (every computer outside a domain).
type readPolicyFunc func() ([]policyValue, error)

// policyJSON turns the policy key's values into a layer in the file form,
// so that it is checked exactly as a file is. The value names are the
// file's keys; each takes the registry type of its key's kind: a string
// from REG_SZ, a list from REG_MULTI_SZ (or a comma-separated REG_SZ), a
// switch or a number from REG_DWORD. An empty string is "not set". The
// endpoint secret is refused: every local user can read the policy key.
// It returns nil when no value is set.
func policyJSON(values []policyValue) ([]byte, error) {
	kinds := fileKinds()
	layer := map[string]any{}
	var errs []error
	for _, v := range values {
		kind, known := kinds[v.Name]
		if !known || v.Name == "endpoint_secret" {
			errs = append(errs, fmt.Errorf("value %q: %w", v.Name, ErrPolicyValue))
			continue
		}
		got, err := policyAny(v, kind)
		if err != nil {
			errs = append(errs, fmt.Errorf("value %q: %w", v.Name, err))
			continue
		}
		if got != nil {
			layer[v.Name] = got
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(layer) == 0 {
		return nil, nil
	}
	return json.Marshal(layer)
}

// policyAny is one value in the JSON form of its key's kind; nil when it
// is an empty string (not set).
func policyAny(v policyValue, kind reflect.Kind) (any, error) {
	wrongType := fmt.Errorf("%w: wrong registry type for a %s", ErrPolicyValue, kind)
	switch kind {
	case reflect.String:
		if v.IsNumber || len(v.Strings) != 1 {
			return nil, wrongType
		}
		if v.Strings[0] == "" {
			return nil, nil
		}
		return v.Strings[0], nil
	case reflect.Slice:
		if v.IsNumber {
			return nil, wrongType
		}
		var list []string
		for _, s := range v.Strings {
			for _, item := range strings.Split(s, ",") {
				if item = strings.TrimSpace(item); item != "" {
					list = append(list, item)
				}
			}
		}
		if len(list) == 0 {
			return nil, nil
		}
		return list, nil
	case reflect.Bool:
		if !v.IsNumber {
			return nil, wrongType
		}
		return v.Number != 0, nil
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64, reflect.Float64:
		if !v.IsNumber {
			return nil, wrongType
		}
		return v.Number, nil
	}
	return nil, wrongType
}

// fileKinds maps each key of the file form to the kind of its value.
func fileKinds() map[string]reflect.Kind {
	kinds := map[string]reflect.Kind{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous {
				walk(f.Type)
				continue
			}
			if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
				t := f.Type
				if t.Kind() == reflect.Pointer { // an optional value: *bool is a switch
					t = t.Elem()
				}
				kinds[name] = t.Kind()
			}
		}
	}
	walk(reflect.TypeFor[file]())
	return kinds
}
