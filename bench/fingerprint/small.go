package main

import (
	"fmt"
	"image"
	"path/filepath"

	"aalogon/device/fingerprint"
)

// Thresholds at FMR 0.1 % of the four real sets pooled, from the run in
// BENCHMARKS.md ("Fingerprint records across matchers"): our matcher's
// (fingerprint.Threshold) and go-sourceafis's on our imported records.
const (
	oursAtFMR01       = fingerprint.Threshold
	sourceAFISAtFMR01 = 29.49
)

// smallCaptures measures how likely a capture of few minutiae is to match
// its finger, the evidence behind fingerprint.MinFeatures: for each
// finger of each set, impression 1 whole is enrolled; impressions 2 to 5,
// cut to a centred square of 5 to 10 mm (a small sensor, or a touch of its
// middle only), are the captures. Each capture's record is matched against
// the enrolled one by our matcher and, as its bytes, by go-sourceafis's,
// at their FMR 0.1 % thresholds. It prints per minutia count of the
// capture the captures and how many of them each matcher accepts, then
// the same per band of counts.
func smallCaptures(data string, ss []set) {
	sa := newSourceAFIS()
	imp := oursInSourceAFIS{sa}
	type tally struct{ captures, ours, sourceafis int }
	const most = 30 // counts above are pooled with it
	var byCount [most + 1]tally
	for _, s := range ss {
		samples := load(filepath.Join(data, s.name))
		enrolled := map[int][2]any{}
		for _, smp := range samples {
			if smp.impression != 1 {
				continue
			}
			a, _, errA := ours{}.extract(smp, s.dpi)
			b, _, errB := imp.extract(smp, s.dpi)
			if errA != nil || errB != nil {
				fail("%s %d_1: %v %v", s.name, smp.finger, errA, errB)
			}
			enrolled[smp.finger] = [2]any{a, b}
		}
		for _, smp := range samples {
			if smp.impression < 2 || smp.impression > 5 {
				continue
			}
			for mm := 5.0; mm <= 10; mm++ {
				side := int(mm / 25.4 * s.dpi)
				x0, y0 := (smp.img.Rect.Dx()-side)/2, (smp.img.Rect.Dy()-side)/2
				cut := sample{finger: smp.finger, impression: smp.impression,
					img: smp.img.SubImage(image.Rect(x0, y0, x0+side, y0+side)).(*image.Gray)}
				a, n, errA := ours{}.extract(cut, s.dpi)
				b, _, errB := imp.extract(cut, s.dpi)
				if errA != nil || errB != nil {
					fail("%s %d_%d: %v %v", s.name, smp.finger, smp.impression, errA, errB)
				}
				t := &byCount[min(n, most)]
				t.captures++
				if (ours{}).match(a, enrolled[smp.finger][0]) >= oursAtFMR01 {
					t.ours++
				}
				if sa.match(b, enrolled[smp.finger][1]) >= sourceAFISAtFMR01 {
					t.sourceafis++
				}
			}
		}
	}
	for n, t := range byCount {
		if t.captures > 0 {
			fmt.Printf("SMALL minutiae=%d captures=%d ours=%d sourceafis=%d\n", n, t.captures, t.ours, t.sourceafis)
		}
	}
	for _, band := range [][2]int{{0, 4}, {5, 9}, {10, 11}, {12, 14}, {15, most}} {
		var sum tally
		for _, t := range byCount[band[0] : band[1]+1] {
			sum.captures += t.captures
			sum.ours += t.ours
			sum.sourceafis += t.sourceafis
		}
		fmt.Printf("SMALL minutiae=%d-%d captures=%d ours=%d (%.0f %%) sourceafis=%d (%.0f %%)\n", band[0], band[1],
			sum.captures, sum.ours, 100*float64(sum.ours)/float64(max(1, sum.captures)),
			sum.sourceafis, 100*float64(sum.sourceafis)/float64(max(1, sum.captures)))
	}
}
