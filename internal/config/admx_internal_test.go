package config

import (
	"encoding/xml"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"testing"
)

// The Group Policy template (packaging/windows/aalogon.admx) declares one
// policy per key of the configuration file; these tests keep the two in
// step, and the template's two languages complete.

const admxDir = "../../packaging/windows/"

type admxElement struct {
	XMLName   xml.Name
	ValueName string `xml:"valueName,attr"`
}

type admxFile struct {
	Policies []struct {
		Name     string `xml:"name,attr"`
		Key      string `xml:"key,attr"`
		Elements struct {
			Any []admxElement `xml:",any"`
		} `xml:"elements"`
	} `xml:"policies>policy"`
}

// admxKinds: the registry value each ADMX element writes, as the kind of
// the configuration key it must set.
var admxKinds = map[string]reflect.Kind{
	"text": reflect.String, "enum": reflect.String, "multiText": reflect.Slice, "boolean": reflect.Bool,
}

func TestADMX_CoversEverySettingOfTheFile(t *testing.T) {
	b, err := os.ReadFile(admxDir + "aalogon.admx")
	if err != nil {
		t.Fatal(err)
	}
	var admx admxFile
	if err := xml.Unmarshal(b, &admx); err != nil {
		t.Fatal(err)
	}
	kinds := fileKinds()
	var got []string
	for _, p := range admx.Policies {
		if p.Key != PolicyKey {
			t.Errorf("policy %s writes under %q, want %q", p.Name, p.Key, PolicyKey)
		}
		for _, e := range p.Elements.Any {
			kind, known := kinds[e.ValueName]
			if !known || e.ValueName == "endpoint_secret" {
				t.Errorf("policy %s sets %q, which is not a setting the client reads from the registry", p.Name, e.ValueName)
				continue
			}
			if admxKinds[e.XMLName.Local] != kind {
				t.Errorf("policy %s: a %s element for %s, a %s", p.Name, e.XMLName.Local, e.ValueName, kind)
			}
			got = append(got, e.ValueName)
		}
	}
	var want []string
	for key := range kinds {
		if key != "endpoint_secret" {
			want = append(want, key)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("the template sets %q, want every key of the file but the secret: %q", got, want)
	}
}

var admxRef = regexp.MustCompile(`\$\((string|presentation)\.([A-Za-z0-9_]+)\)`)

func TestADML_EveryLanguageHasEveryString(t *testing.T) {
	b, err := os.ReadFile(admxDir + "aalogon.admx")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en-US", "de-DE"} {
		t.Run(lang, func(t *testing.T) {
			l, err := os.ReadFile(admxDir + lang + "/aalogon.adml")
			if err != nil {
				t.Fatal(err)
			}
			var adml struct {
				Strings []struct {
					ID   string `xml:"id,attr"`
					Text string `xml:",chardata"`
				} `xml:"resources>stringTable>string"`
				Presentations []struct {
					ID string `xml:"id,attr"`
				} `xml:"resources>presentationTable>presentation"`
			}
			if err := xml.Unmarshal(l, &adml); err != nil {
				t.Fatal(err)
			}
			have := map[string]bool{}
			for _, s := range adml.Strings {
				have["string."+s.ID] = s.Text != ""
			}
			for _, p := range adml.Presentations {
				have["presentation."+p.ID] = true
			}
			for _, m := range admxRef.FindAllStringSubmatch(string(b), -1) {
				if !have[m[1]+"."+m[2]] {
					t.Errorf("%s/aalogon.adml has no %s %s", lang, m[1], m[2])
				}
			}
		})
	}
}
