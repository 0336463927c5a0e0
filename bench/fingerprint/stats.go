package main

import "sort"

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// rates returns FMR and FNMR (percent) at threshold t: a score >= t matches.
func rates(gen, imp []float64, t float64) (fmr, fnmr float64) {
	for _, s := range imp {
		if s >= t {
			fmr++
		}
	}
	for _, s := range gen {
		if s < t {
			fnmr++
		}
	}
	return 100 * fmr / float64(len(imp)), 100 * fnmr / float64(len(gen))
}

// eer is the midpoint of FMR and FNMR where they cross, over every
// threshold the scores offer.
func eer(gen, imp []float64) float64 {
	ts := append(append([]float64(nil), gen...), imp...)
	sort.Float64s(ts)
	best, bestGap := 100.0, 1e9
	for _, t := range ts {
		fmr, fnmr := rates(gen, imp, t)
		if gap := abs(fmr - fnmr); gap < bestGap {
			best, bestGap = (fmr+fnmr)/2, gap
		}
	}
	return best
}

// fnmrAt is the FNMR at the lowest threshold where at most floor(x·N)
// impostor scores reach it.
func fnmrAt(gen, imp []float64, x float64) float64 {
	_, fnmr := rates(gen, imp, thresholdAt(imp, x))
	return fnmr
}

// thresholdAt is the lowest threshold where at most floor(x·N) impostor
// scores reach it.
func thresholdAt(imp []float64, x float64) float64 {
	s := append([]float64(nil), imp...)
	sort.Sort(sort.Reverse(sort.Float64Slice(s)))
	allowed := int(x * float64(len(s)))
	if allowed >= len(s) {
		return 0
	}
	return nextAbove(s[allowed])
}

func nextAbove(v float64) float64 { return v + 1e-9*max(1, abs(v)) }

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
