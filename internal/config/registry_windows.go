//go:build windows

package config

import (
	"errors"
	"fmt"
	"sort"

	"golang.org/x/sys/windows/registry"
)

// readPolicy reads the values of HKLM\SOFTWARE\Policies\AA Logon (the
// 64-bit view); nil when the key does not exist.
func readPolicy() ([]policyValue, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, PolicyKey, registry.QUERY_VALUE|registry.WOW64_64KEY)
	if errors.Is(err, registry.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer k.Close()
	names, err := k.ReadValueNames(0)
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	values := make([]policyValue, 0, len(names))
	for _, name := range names {
		_, typ, err := k.GetValue(name, nil)
		if err != nil {
			return nil, err
		}
		v := policyValue{Name: name}
		switch typ {
		case registry.SZ, registry.EXPAND_SZ:
			s, _, err := k.GetStringValue(name)
			if err != nil {
				return nil, err
			}
			if typ == registry.EXPAND_SZ {
				if s, err = registry.ExpandString(s); err != nil {
					return nil, err
				}
			}
			v.Strings = []string{s}
		case registry.MULTI_SZ:
			if v.Strings, _, err = k.GetStringsValue(name); err != nil {
				return nil, err
			}
		case registry.DWORD, registry.QWORD:
			if v.Number, _, err = k.GetIntegerValue(name); err != nil {
				return nil, err
			}
			v.IsNumber = true
		default:
			return nil, fmt.Errorf("value %q: %w: registry type %d", name, ErrPolicyValue, typ)
		}
		values = append(values, v)
	}
	return values, nil
}
