package config

import (
	"strings"
	"testing"
)

func TestTheme_RefusedUnlessKnown(t *testing.T) {
	for _, name := range []string{"Dark", "high_contrast", "solarized", " light"} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(`{"server_url":"https://a/api/v1","endpoint_id":"e","theme":"` + name + `"}`))
			if err == nil || !strings.Contains(err.Error(), "theme: ") {
				t.Errorf("Parse() error = %v, want the theme refused", err)
			}
		})
	}
	for _, name := range Themes() {
		c, err := Parse([]byte(`{"server_url":"https://a/api/v1","endpoint_id":"e","theme":"` + name + `"}`))
		if err != nil || c.Theme != name {
			t.Errorf("Parse(theme %q) = %+v, %v, want it kept", name, c, err)
		}
	}
}

// TestResolve_ThemeOfALaterLayerWins: a site file that sets only the theme
// overrides the system file's, and the key says where it came from.
func TestResolve_ThemeOfALaterLayerWins(t *testing.T) {
	system := writeLayer(t, "system.json", `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1","theme":"dark"}`)
	site := writeLayer(t, "site.json", `{"theme":"high-contrast"}`)
	eff, err := resolve([]fileLayer{{system, false}, {site, true}}, denied(), noEnv, noPolicy)
	if err != nil {
		t.Fatal(err)
	}
	if eff.Theme != "high-contrast" || eff.From["theme"] != site {
		t.Errorf("Theme = %q from %q, want high-contrast from %s", eff.Theme, eff.From["theme"], site)
	}
}

func TestResolve_BadThemeNamesItsFile(t *testing.T) {
	site := writeLayer(t, "site.json", `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1","theme":"night"}`)
	_, err := resolve([]fileLayer{{site, true}}, denied(), noEnv, noPolicy)
	if err == nil || !strings.Contains(err.Error(), site) || !strings.Contains(err.Error(), `theme: "night"`) {
		t.Errorf("Resolve() error = %v, want the file and the theme named", err)
	}
}
