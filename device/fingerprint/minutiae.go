package fingerprint

import (
	"math"
	"slices"
	"sort"
)

// thin cleans single-pixel noise from the binarised ridges, then thins them
// to one-pixel skeletons (Zhang–Suen).
func (e *extractor) thin() {
	w, h := e.w, e.h
	img := make([]bool, w*h)
	// A 3x3 majority vote removes specks and fills pin holes.
	fg := e.pixelMask()
	r := e.ridge
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			if !fg[i] {
				continue // no ridges outside the foreground
			}
			n := 0
			for _, j := range [9]int{i - w - 1, i - w, i - w + 1, i - 1, i, i + 1, i + w - 1, i + w, i + w + 1} {
				if r[j] {
					n++
				}
			}
			img[i] = n >= 5 || r[i] && n >= 3
		}
	}
	e.ridge = nil
	// Only ridge pixels can be deleted: iterate over them, dropping the
	// deleted ones from the list as they go.
	var live []int
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			if img[y*w+x] {
				live = append(live, y*w+x)
			}
		}
	}
	var del []int
	for changed := true; changed; {
		changed = false
		for pass := 0; pass < 2; pass++ {
			del = del[:0]
			for _, i := range live {
				if !img[i] {
					continue
				}
				p := neighbours(img, w, i)
				b := 0
				for _, v := range p {
					if v {
						b++
					}
				}
				if b < 2 || b > 6 || transitions(p) != 1 {
					continue
				}
				// p[0]=N p[2]=E p[4]=S p[6]=W
				if pass == 0 && (p[0] && p[2] && p[4] || p[2] && p[4] && p[6]) {
					continue
				}
				if pass == 1 && (p[0] && p[2] && p[6] || p[0] && p[4] && p[6]) {
					continue
				}
				del = append(del, i)
			}
			for _, i := range del {
				img[i] = false
			}
			changed = changed || len(del) > 0
		}
		n := 0
		for _, i := range live {
			if img[i] {
				live[n] = i
				n++
			}
		}
		live = live[:n]
	}
	// Zhang–Suen leaves 4-connected staircase corners; they would hide
	// junctions from the crossing number. Remove every pixel whose
	// neighbours stay one 8-connected group without it: the lines keep
	// their connections and become one pixel wide in the 8-connected sense.
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			if img[i] && redundant(neighbours(img, w, i)) {
				img[i] = false
			}
		}
	}
	e.skel = img
}

// redundant reports whether the set neighbours of a pixel (at least two)
// form one 8-connected group among themselves: consecutive ring positions
// touch, and so do two 4-neighbours one corner apart.
func redundant(p [8]bool) bool {
	n, first := 0, -1
	for k, v := range p {
		if v {
			n++
			if first < 0 {
				first = k
			}
		}
	}
	if n < 2 {
		return false
	}
	var seen [8]bool
	seen[first] = true
	stack := []int{first}
	reached := 1
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, d := range [4]int{1, 7, 2, 6} {
			j := (k + d) % 8
			if !p[j] || seen[j] || (d%2 == 0 && k%2 == 1) {
				continue
			}
			seen[j] = true
			reached++
			stack = append(stack, j)
		}
	}
	return reached == n
}

// neighbours returns the 8 neighbours of pixel i clockwise from north.
func neighbours(img []bool, w, i int) [8]bool {
	return [8]bool{img[i-w], img[i-w+1], img[i+1], img[i+w+1], img[i+w], img[i+w-1], img[i-1], img[i-w-1]}
}

var nbDX = [8]int{0, 1, 1, 1, 0, -1, -1, -1}
var nbDY = [8]int{-1, -1, 0, 1, 1, 1, 0, -1}

// transitions counts false→true changes around the neighbourhood.
func transitions(p [8]bool) int {
	n := 0
	for k := 0; k < 8; k++ {
		if !p[k] && p[(k+1)%8] {
			n++
		}
	}
	return n
}

type candidate struct {
	Feature
	x, y   int
	spurAt int  // pixel index where an ending's trace met a junction, -1 none
	short  bool // the trace ended on a short fragment
	drop   bool
	merged bool // a duplicate of a neighbouring junction pixel
}

// minutiae detects, orients and filters minutiae on the skeleton.
func (e *extractor) minutiae() []Feature {
	w, h := e.w, e.h
	edge := e.edgeDistance()
	border := float32(borderMargin * e.scale)
	margin := 2
	traceLen := int(math.Round(1.3 * e.lambda))
	var cands []*candidate
	for y := margin; y < h-margin; y++ {
		for x := margin; x < w-margin; x++ {
			i := y*w + x
			if !e.skel[i] || edge[i] < border {
				continue
			}
			p := neighbours(e.skel, w, i)
			cn := transitions(p)
			n := 0
			for _, v := range p {
				if v {
					n++
				}
			}
			switch {
			case cn == 1 && n == 1:
				c := &candidate{x: x, y: y, spurAt: -1}
				c.Type = MinutiaEnding
				ex, ey, steps, hit := e.trace(x, y, traceLen)
				if steps < 3 {
					continue
				}
				// An ending points from its tip back into its ridge (as
				// third-party records do), the way a bifurcation points
				// along its two branches: an ending that touches a
				// neighbour and becomes a bifurcation keeps its direction.
				c.Angle = math.Atan2(-float64(ey-y), float64(ex-x))
				c.spurAt = hit
				c.short = hit < 0 && steps < traceLen
				cands = append(cands, c)
			case cn == 3:
				c := &candidate{x: x, y: y, spurAt: -1}
				c.Type, c.Angle = MinutiaBifurcation, e.forkAngle(x, y, traceLen)
				cands = append(cands, c)
			}
		}
	}
	e.filter(cands)
	// An ending whose tip faces the edge of the foreground close by is a
	// ridge cut by the mask edge, not the end of a ridge.
	reach := cutReach * e.scale
	for _, c := range cands {
		if c.Type != MinutiaEnding || c.drop {
			continue
		}
		px := c.x - int(math.Round(reach*math.Cos(c.Angle)))
		py := c.y + int(math.Round(reach*math.Sin(c.Angle)))
		if px < 0 || py < 0 || px >= w || py >= h || edge[py*w+px] < 1 {
			c.drop = true
		}
	}
	out := make([]Feature, 0, len(cands))
	for _, c := range cands {
		if c.drop {
			continue
		}
		bi := (c.y/e.block)*e.bw + c.x/e.block
		c.X, c.Y = float64(c.x), float64(c.y)
		// Quality: how likely the minutia is to be found again in
		// another impression of the finger. Minutiae in a clear ridge
		// flow, away from the edge of the print and without close
		// neighbours (crowds are noise) are (measured on the FVC sets).
		q := math.Min(100, 20+100*float64(e.coh[bi]))
		q *= math.Min(1, 0.5+0.5*float64(edge[c.y*w+c.x])/(edgeTrust*e.scale))
		near := 0
		for _, d := range cands {
			if d != c && !d.drop && dist(c.x, c.y, d.x, d.y) < 2*e.lambda {
				near++
			}
		}
		q /= 1 + crowdCost*float64(near)
		c.Quality = uint8(math.Round(q))
		out = append(out, c.Feature)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Quality > out[j].Quality })
	if len(out) > MaxFeatures {
		out = out[:MaxFeatures]
	}
	return out
}

// A minutia's quality halves at the edge of the print and is whole from
// edgeTrust pixels (at 500 dpi) inside; it is divided by 1+crowdCost for
// each other minutia within two ridge periods.
const (
	edgeTrust = 48.0
	crowdCost = 0.3
)

// borderMargin is how far (pixels at 500 dpi) a minutia must lie inside
// the foreground: ridges cut by the mask edge look like endings there.
const borderMargin = 4.0

// cutReach is how far (pixels at 500 dpi) an ending may point out of the
// foreground before it counts as a ridge cut by the mask edge.
const cutReach = 16.0

// edgeDistance returns, per pixel, the chamfer distance to the background
// (or to the image border).
func (e *extractor) edgeDistance() []float32 {
	w, h := e.w, e.h
	d := make([]float32, w*h)
	const inf = 1e9
	fg := e.pixelMask()
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			if fg[y*w+x] {
				d[y*w+x] = inf
			}
		}
	}
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			if d[i] > 0 {
				d[i] = min(d[i], d[i-1]+1, d[i-w]+1, d[i-w-1]+1.4, d[i-w+1]+1.4)
			}
		}
	}
	for y := h - 2; y > 0; y-- {
		for x := w - 2; x > 0; x-- {
			i := y*w + x
			if d[i] > 0 {
				d[i] = min(d[i], d[i+1]+1, d[i+w]+1, d[i+w+1]+1.4, d[i+w-1]+1.4)
			}
		}
	}
	return d
}

// trace follows the skeleton from (x, y) for up to n steps, never stepping
// back on its own path. It returns the last point, the steps taken, and the
// pixel of a junction met on the way (-1 if none).
func (e *extractor) trace(x, y, n int) (int, int, int, int) {
	return e.traceFrom(y*e.w+x, nil, n)
}

// traceFrom is trace from pixel cur, never entering the pixels of seen (a
// junction and its other branches, when tracing one branch of a fork).
func (e *extractor) traceFrom(cur int, seen []int, n int) (int, int, int, int) {
	w := e.w
	prev := -1
	seen = append(seen, cur) // a trace is short: a slice beats a map
	steps := 0
	for ; steps < n; steps++ {
		cx, cy := cur%w, cur/w
		if cx < 1 || cy < 1 || cx >= w-1 || cy >= e.h-1 {
			break
		}
		next, count := -1, 0
		for d := 0; d < 8; d++ {
			j := (cy+nbDY[d])*w + cx + nbDX[d]
			if e.skel[j] && j != prev && !slices.Contains(seen, j) {
				// Prefer 4-neighbours: a diagonal step next to a straight
				// one is the same path.
				count++
				if next < 0 || d%2 == 0 {
					next = j
				}
			}
		}
		if count == 0 {
			break
		}
		if count > 1 && !diagonalPair(cur, count, e) {
			return cx, cy, steps, cur
		}
		prev, cur = cur, next
		seen = append(seen, cur)
	}
	return cur % w, cur / w, steps, -1
}

// diagonalPair reports whether the several unvisited neighbours of cur are
// one path seen twice (a corner), not a junction.
func diagonalPair(cur, count int, e *extractor) bool {
	if count != 2 {
		return false
	}
	p := neighbours(e.skel, e.w, cur)
	return transitions(p) <= 2
}

// forkAngle orients a bifurcation along the local ridge flow, pointing to
// the side of its two branches. The side comes from tracing the three
// branches of the skeleton: the two that leave closest together are the
// fork, the third the stem. Where the traces are too short to tell, the side
// holding more skeleton decides.
func (e *extractor) forkAngle(x, y, n int) float64 {
	theta := e.ridgeAngle(float64(x), float64(y))
	ux, uy := math.Cos(theta), math.Sin(theta)
	if side, ok := e.forkSide(x, y, n, ux, uy); ok {
		if side < 0 {
			ux, uy = -ux, -uy
		}
		return math.Atan2(-uy, ux) // y up
	}
	r := e.lambda
	count := func(sign float64) int {
		cx, cy := float64(x)+sign*r*ux, float64(y)+sign*r*uy
		n := 0
		rad := int(math.Ceil(0.8 * r))
		for dy := -rad; dy <= rad; dy++ {
			for dx := -rad; dx <= rad; dx++ {
				px, py := int(cx)+dx, int(cy)+dy
				if px >= 0 && py >= 0 && px < e.w && py < e.h && e.skel[py*e.w+px] {
					n++
				}
			}
		}
		return n
	}
	if count(1) < count(-1) {
		ux, uy = -ux, -uy
	}
	return math.Atan2(-uy, ux) // y up
}

// forkSide traces the three branches leaving the junction at (x, y) for up
// to n steps and reports on which side of the ridge direction (ux, uy) the
// fork's two branches lie: +1 or -1, and false when a branch is too short
// to tell.
func (e *extractor) forkSide(x, y, n int, ux, uy float64) (float64, bool) {
	w := e.w
	i := y*w + x
	p := neighbours(e.skel, w, i)
	// One starting pixel per run of set neighbours (a 4-neighbour if the
	// run has one).
	var starts []int
	for k := 0; k < 8; k++ {
		if !p[k] || p[(k+7)%8] {
			continue
		}
		start := -1
		for j := k; p[j%8] && j < k+8; j++ {
			if start < 0 || j%2 == 0 && start%2 == 1 {
				start = j % 8
			}
		}
		starts = append(starts, start)
	}
	if len(starts) != 3 {
		return 0, false
	}
	block := []int{i}
	for _, k := range starts {
		block = append(block, (y+nbDY[k])*w+x+nbDX[k])
	}
	var dx, dy [3]float64
	for b := range starts {
		// The trace must not enter the junction nor the other branches
		// (block holds its own start too, which it never steps on again).
		ex, ey, steps, _ := e.traceFrom(block[b+1], slices.Clone(block), n)
		if steps < 3 {
			return 0, false
		}
		l := math.Hypot(float64(ex-x), float64(ey-y))
		dx[b], dy[b] = float64(ex-x)/l, float64(ey-y)/l
	}
	// The stem is the branch farthest in direction from the other two.
	stem, worst := 0, math.Inf(1)
	for b := 0; b < 3; b++ {
		c := dx[b]*(dx[(b+1)%3]+dx[(b+2)%3]) + dy[b]*(dy[(b+1)%3]+dy[(b+2)%3])
		if c < worst {
			stem, worst = b, c
		}
	}
	fx := dx[(stem+1)%3] + dx[(stem+2)%3] - dx[stem]
	fy := dy[(stem+1)%3] + dy[(stem+2)%3] - dy[stem]
	if fx*ux+fy*uy < 0 {
		return -1, true
	}
	return 1, true
}

// filter marks false minutiae: spurs, short fragments, broken ridges,
// bridges and clusters.
func (e *extractor) filter(cs []*candidate) {
	lam := e.lambda
	// A junction of the thinned skeleton can yield adjacent crossing-number-3
	// pixels: keep one of each.
	for i, a := range cs {
		for _, b := range cs[i+1:] {
			if a.Type == MinutiaBifurcation && b.Type == MinutiaBifurcation && !a.drop && dist(a.x, a.y, b.x, b.y) <= 3 {
				b.drop, b.merged = true, true
			}
		}
	}
	for _, c := range cs {
		if c.short {
			c.drop = true
		}
		if c.spurAt >= 0 {
			sx, sy := c.spurAt%e.w, c.spurAt/e.w
			if dist(c.x, c.y, sx, sy) < 1.2*lam {
				c.drop = true
				for _, d := range cs {
					if d.Type == MinutiaBifurcation && dist(d.x, d.y, sx, sy) < 3 {
						d.drop = true
					}
				}
			}
		}
	}
	for i, a := range cs {
		if a.merged {
			continue
		}
		near := 0
		for j, b := range cs {
			if i == j || b.merged {
				continue
			}
			d := dist(a.x, a.y, b.x, b.y)
			if d < 2*lam {
				near++
			}
			if j < i {
				continue
			}
			diff := angleDiff(a.Angle, b.Angle)
			switch {
			case a.Type == MinutiaEnding && b.Type == MinutiaEnding && d < 1.6*lam && diff > 2*math.Pi/3:
				a.drop, b.drop = true, true // a broken ridge
			case a.Type == MinutiaEnding && b.Type == MinutiaEnding && d < gapReach*lam && facing(a, b):
				a.drop, b.drop = true, true // a longer gap in one ridge
			case a.Type == MinutiaBifurcation && b.Type == MinutiaBifurcation && d < lam:
				a.drop, b.drop = true, true // a bridge or a hole
			case a.Type != b.Type && d < 0.8*lam:
				a.drop, b.drop = true, true
			}
		}
		if near > 3 {
			a.drop = true // a cluster: noise, scars
		}
	}
}

// gapReach is the longest gap (in ridge periods) between two endings that
// face each other along one line and so count as one broken ridge.
const gapReach = 3.0

// facing reports whether two endings face each other across a gap: each
// one's tip points at the other.
func facing(a, b *candidate) bool {
	// An ending points into its ridge: its tip faces the opposite way.
	ab := math.Atan2(-float64(b.y-a.y), float64(b.x-a.x))
	return angleDiff(a.Angle+math.Pi, ab) < gapAngle && angleDiff(b.Angle, ab) < gapAngle
}

const gapAngle = math.Pi / 7

func dist(x1, y1, x2, y2 int) float64 { return math.Hypot(float64(x1-x2), float64(y1-y2)) }

// angleDiff is the absolute difference of two directions, 0..π.
func angleDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 2*math.Pi)
	if d > math.Pi {
		d = 2*math.Pi - d
	}
	return d
}
