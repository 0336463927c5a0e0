package assets_test

import (
	"testing"

	"aalogon/assets"
)

func TestEnglish(t *testing.T) {
	if got, ok := assets.English("method.FINGER"); !ok || got != "Fingerprint" {
		t.Errorf("English(method.FINGER) = %q, %v; want Fingerprint, true", got, ok)
	}
	if got, ok := assets.English("no.such.key"); ok || got != "" {
		t.Errorf("English(no.such.key) = %q, %v; want nothing", got, ok)
	}
}
