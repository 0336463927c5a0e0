package main

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/jtejido/sourceafis/templates"

	"aalogon/internal/shared"
)

// directions compares two go-sourceafis templates of the same image: of the
// minutiae of a with a minutia of the same type within 6 px in b, how many
// point the same way (within 45°).
func directions(a, b *templates.SearchTemplate) (agree, total int) {
	for _, m := range a.Minutiae {
		for _, n := range b.Minutiae {
			if m.T != n.T || math.Hypot(float64(m.X-n.X), float64(m.Y-n.Y)) > 6 {
				continue
			}
			total++
			if math.Abs(math.Remainder(m.Direction-n.Direction, 2*math.Pi)) < math.Pi/4 {
				agree++
			}
			break
		}
	}
	return agree, total
}

// The imported records must say what go-sourceafis's own extraction says of
// the same image: the same place (500 dpi) and the same direction for the
// minutiae both found, for our records and for the third party's mapped
// back, on a set at 500 dpi and one at 569 dpi.
func TestImportedRecordsAgreeWithSourceAFIS(t *testing.T) {
	sa := newSourceAFIS()
	for _, tc := range []struct {
		set string
		dpi float64
	}{{"fvc2002_db1_b", 500}, {"fvc2002_db2_b", 569}} {
		dir, err := shared.Path(filepath.Join("fpdata", tc.set))
		if err != nil {
			t.Fatal(err)
		}
		samples := load(dir)[:3]
		var agree, total [2]int
		for _, s := range samples {
			own, _, err := sa.extract(s, tc.dpi)
			if err != nil {
				t.Fatal(err)
			}
			for k, e := range []engine{oursInSourceAFIS{sa}, secugenInSourceAFIS{sa}} {
				imp, _, err := e.extract(s, tc.dpi)
				if err != nil {
					t.Fatal(err)
				}
				a, n := directions(imp.(*templates.SearchTemplate), own.(*templates.SearchTemplate))
				agree[k] += a
				total[k] += n
			}
		}
		for k, name := range []string{"ours>sourceafis", "secugen>sourceafis"} {
			t.Logf("%s %s: %d of %d co-located minutiae agree", tc.set, name, agree[k], total[k])
			if total[k] < 20 || agree[k] < total[k]*85/100 {
				t.Errorf("%s %s: %d of %d co-located minutiae agree with go-sourceafis's own", tc.set, name, agree[k], total[k])
			}
		}
	}
}
