package config

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
)

func noPolicy() ([]policyValue, error) { return nil, nil }

// policyOf reads like the registry would with these values under PolicyKey.
func policyOf(values ...policyValue) readPolicyFunc {
	return func() ([]policyValue, error) { return values, nil }
}

func sz(name, s string) policyValue                { return policyValue{Name: name, Strings: []string{s}} }
func multiSZ(name string, s ...string) policyValue { return policyValue{Name: name, Strings: s} }
func dword(name string, n uint64) policyValue {
	return policyValue{Name: name, Number: n, IsNumber: true}
}

const pinA = "sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

func TestResolve_PolicyOverridesFilesAndEnvironment(t *testing.T) {
	system := writeLayer(t, "system.json", `{"server_url":"https://old.example.com/api/v1","endpoint_id":"e1","event":"Locked"}`)
	env := func(k string) string {
		if k == "AALOGON_EVENT" {
			return "From the environment"
		}
		return ""
	}
	eff, err := resolve([]fileLayer{{system, false}}, os.ReadFile, env, policyOf(
		sz("server_url", "https://aa.example.com/api/v1"),
		sz("event", "Windows logon"),
		multiSZ("pins", pinA),
		sz("ca_file", `C:\ProgramData\aalogon\ca.pem`),
	))
	if err != nil {
		t.Fatal(err)
	}
	if eff.ServerURL != "https://aa.example.com/api/v1" || eff.Event != "Windows logon" || eff.EndpointID != "e1" {
		t.Errorf("got server %q event %q endpoint %q, want the policy's server and event over the file's endpoint", eff.ServerURL, eff.Event, eff.EndpointID)
	}
	if !slices.Equal(eff.Pins, []string{pinA}) || eff.CAFile != `C:\ProgramData\aalogon\ca.pem` {
		t.Errorf("got pins %q ca_file %q", eff.Pins, eff.CAFile)
	}
	for _, key := range []string{"server_url", "event", "pins", "ca_file"} {
		if eff.From[key] != `registry HKLM\SOFTWARE\Policies\AA Logon` {
			t.Errorf("From[%s] = %q, want the policy key", key, eff.From[key])
		}
	}
	if eff.From["endpoint_id"] != system || eff.EndpointFile != system {
		t.Errorf("endpoint_id from %q (file %q), want %q: the secret stays the system file's", eff.From["endpoint_id"], eff.EndpointFile, system)
	}
}

func TestResolve_PolicyAloneIsAConfigurationWhoseSecretIsInTheKeyring(t *testing.T) {
	eff, err := resolve(nil, os.ReadFile, noEnv, policyOf(
		sz("server_url", "https://aa.example.com/api/v1"),
		sz("endpoint_id", "e7"),
		sz("language", ""), // a cleared value: not set
		multiSZ("pins", pinA+", "+pinA),
	))
	if err != nil {
		t.Fatal(err)
	}
	if eff.EndpointID != "e7" || eff.SecretFile() != "" {
		t.Errorf("endpoint %q secret file %q, want e7 with its secret in the keyring only", eff.EndpointID, eff.SecretFile())
	}
	if _, set := eff.From["language"]; set {
		t.Error("an empty policy value set the language")
	}
	if len(eff.Pins) != 2 {
		t.Errorf("pins %q, want the two comma-separated pins of one string", eff.Pins)
	}
}

func TestResolve_PolicyIsCheckedLikeAFile(t *testing.T) {
	cases := []struct {
		name  string
		value policyValue
		want  error // nil: any *LayerError
	}{
		{"plain http server", sz("server_url", "http://aa.example.com/api/v1"), nil},
		{"bad pin", multiSZ("pins", "sha256/short"), nil},
		{"unknown value", sz("serverurl", "https://aa.example.com/api/v1"), ErrPolicyValue},
		{"endpoint secret", sz("endpoint_secret", "s3cret"), ErrPolicyValue},
		{"number for a string", dword("server_url", 1), ErrPolicyValue},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := resolve(nil, os.ReadFile, noEnv, policyOf(sz("endpoint_id", "e1"), tc.value))
			var le *LayerError
			if !errors.As(err, &le) || le.Source != policySource {
				t.Fatalf("error %v, want a *LayerError of %s", err, policySource)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
}

func TestResolve_PolicyErrorNeverShowsTheSecret(t *testing.T) {
	_, err := resolve(nil, os.ReadFile, noEnv, policyOf(sz("endpoint_secret", "s3cret-in-registry")))
	if err == nil || strings.Contains(err.Error(), "s3cret-in-registry") {
		t.Fatalf("error %v: want a refusal that does not show the value", err)
	}
}

func TestResolve_UnreadablePolicyIsSkipped(t *testing.T) {
	site := writeLayer(t, "site.json", `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1"}`)
	eff, err := resolve([]fileLayer{{site, true}}, os.ReadFile, noEnv, func() ([]policyValue, error) {
		return nil, fs.ErrPermission
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(eff.Skipped) != 1 || !errors.Is(eff.Skipped[0], fs.ErrPermission) {
		t.Errorf("Skipped = %v, want the policy key as unreadable", eff.Skipped)
	}
}
