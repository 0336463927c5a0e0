package flow

import (
	"encoding/json"
	"os"
	"testing"
)

// TestNoticesAreInTheCatalogue: every notice key has an entry in both
// catalogues, and the English default the flow carries is the catalogue's.
func TestNoticesAreInTheCatalogue(t *testing.T) {
	load := func(lang string) map[string]any { // a plural entry is an object
		b, err := os.ReadFile("../../assets/translations/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	en, de := load("en"), load("de")
	for key, text := range english {
		if en[key] != text {
			t.Errorf("en.json %q = %q, want the flow's default %q", key, en[key], text)
		}
		if de[key] == "" || de[key] == text {
			t.Errorf("de.json %q = %q, want a German translation", key, de[key])
		}
	}
}
