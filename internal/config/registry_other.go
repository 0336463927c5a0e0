//go:build !windows

package config

// readPolicy: only Windows has Group Policy in the registry.
func readPolicy() ([]policyValue, error) { return nil, nil }
