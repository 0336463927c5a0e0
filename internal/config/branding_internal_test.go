package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResolve_BrandingFromPolicy: Group Policy sets the organisation over
// the files, and a logo it names is checked as a file's is.
func TestResolve_BrandingFromPolicy(t *testing.T) {
	logo := filepath.Join(t.TempDir(), "logo.svg")
	os.WriteFile(logo, []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644)
	system := writeLayer(t, "system.json", `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1","branding_name":"Old name"}`)
	eff, err := resolve([]fileLayer{{system, false}}, os.ReadFile, noEnv, policyOf(
		sz("branding_name", "Jaguar Logistics GmbH"), sz("branding_logo", logo)))
	if err != nil {
		t.Fatal(err)
	}
	if eff.BrandingName != "Jaguar Logistics GmbH" || eff.BrandingLogo != logo || eff.From["branding_logo"] != policySource {
		t.Errorf("branding %q %q from %q, want the policy's", eff.BrandingName, eff.BrandingLogo, eff.From["branding_logo"])
	}

	_, err = resolve([]fileLayer{{system, false}}, os.ReadFile, noEnv, policyOf(sz("branding_logo", "logo.png")))
	var le *LayerError
	if !errors.As(err, &le) || le.Source != policySource || !errors.Is(err, ErrLogo) || !strings.Contains(err.Error(), "is not an absolute path") {
		t.Errorf("error %v, want the policy layer's logo refused", err)
	}
}
