package config

import (
	"encoding/xml"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
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

// policyRow is a row of docs/packaging.md's table of policies: the
// policy's English name, its registry value and type.
var policyRow = regexp.MustCompile("(?m)^\\| ([^|]+?) \\| `([a-z_]+)` \\| (REG_[A-Z_]+) \\|")

// TestPackagingDocs_ListEveryPolicy: the Group Policy section of
// docs/packaging.md has one row per policy of the template, with its
// English name (en-US/aalogon.adml), value name and registry type, and no
// other.
func TestPackagingDocs_ListEveryPolicy(t *testing.T) {
	b, err := os.ReadFile(admxDir + "aalogon.admx")
	if err != nil {
		t.Fatal(err)
	}
	var admx struct {
		Policies []struct {
			DisplayName string `xml:"displayName,attr"`
			Elements    struct {
				Any []struct {
					XMLName    xml.Name
					ValueName  string `xml:"valueName,attr"`
					Expandable bool   `xml:"expandable,attr"`
				} `xml:",any"`
			} `xml:"elements"`
		} `xml:"policies>policy"`
	}
	if err := xml.Unmarshal(b, &admx); err != nil {
		t.Fatal(err)
	}
	l, err := os.ReadFile(admxDir + "en-US/aalogon.adml")
	if err != nil {
		t.Fatal(err)
	}
	var adml struct {
		Strings []struct {
			ID   string `xml:"id,attr"`
			Text string `xml:",chardata"`
		} `xml:"resources>stringTable>string"`
	}
	if err := xml.Unmarshal(l, &adml); err != nil {
		t.Fatal(err)
	}
	english := map[string]string{}
	for _, s := range adml.Strings {
		english["$(string."+s.ID+")"] = s.Text
	}
	// The registry type each element writes.
	regType := map[string]string{"text": "REG_SZ", "enum": "REG_SZ", "multiText": "REG_MULTI_SZ", "boolean": "REG_DWORD"}
	var want []string
	for _, p := range admx.Policies {
		for _, e := range p.Elements.Any {
			typ := regType[e.XMLName.Local]
			if e.Expandable {
				typ = "REG_EXPAND_SZ"
			}
			want = append(want, english[p.DisplayName]+" | "+e.ValueName+" | "+typ)
		}
	}

	docs, err := os.ReadFile("../../docs/packaging.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(docs)
	start := strings.Index(section, "### Group Policy")
	if start < 0 {
		t.Fatal("docs/packaging.md has no section ### Group Policy")
	}
	section = section[start+1:]
	if end := strings.Index(section, "\n#"); end >= 0 {
		section = section[:end]
	}
	var got []string
	for _, m := range policyRow.FindAllStringSubmatch(section, -1) {
		got = append(got, m[1]+" | "+m[2]+" | "+m[3])
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("docs/packaging.md lists the policies\n  %s\nwant one row per policy of the template:\n  %s",
			strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
