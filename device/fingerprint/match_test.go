package fingerprint_test

import (
	"testing"

	"aalogon/device/fingerprint"
)

// The same two prints always get the same score: ties between alignments
// must not depend on map order.
func TestMatchIsDeterministic(t *testing.T) {
	ex := func(name string) *fingerprint.Template {
		tpl, err := fingerprint.Extract(fvc(t, name), 500)
		if err != nil {
			t.Fatal(err)
		}
		return tpl
	}
	// Impostor pairs have few votes per alignment, so many ties: these
	// scored differently from run to run before ties were ordered.
	a := ex("fvc2002_db1_b/101_1.png")
	pairs := [][2]*fingerprint.Template{
		{a, ex("fvc2002_db1_b/102_2.png")},
		{a, ex("fvc2002_db1_b/102_4.png")},
		{a, ex("fvc2002_db1_b/102_8.png")},
		{a, ex("fvc2002_db1_b/103_1.png")},
	}
	for i, p := range pairs {
		first := fingerprint.Match(p[0], p[1])
		for range 30 {
			if s := fingerprint.Match(p[0], p[1]); s != first {
				t.Fatalf("pair %d: score %v, then %v", i, first, s)
			}
		}
	}
}
