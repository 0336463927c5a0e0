package fingerprint

import (
	"math"
	"slices"
	"sort"
)

// Matching works at 500 dpi, y up: records are scaled to it first.
const (
	edgeMin       = 20.0  // px: shortest edge used for alignment
	edgeMax       = 160.0 // px: longest
	edgeLenTol    = 8.0   // px: alike edges differ in length by at most this
	edgeAngleTol  = 0.35  // rad: and in each end's direction relative to the edge
	rotBin        = math.Pi / 18
	shiftBin      = 16.0
	alignments    = 12  // best Hough cells tried
	pairDistance  = 6.0 // px: paired minutiae are this close after alignment…
	pairGrowth    = 0.1 // …plus this share of their distance from the overlap's centre
	pairAngle     = math.Pi / 8
	minEffective  = 16.0 // minutiae counts below this count as this in the score
	minQuality    = 10.0 // minutia qualities below this count as this
	pairEvidence  = 3.0  // weighted pairs at which the few-pairs discount is √½
	scoreMaxValue = 100.0
)

// point is a minutia at 500 dpi, y up.
type point struct {
	x, y, a float64
	t       uint8
	w       float64 // the minutia's quality relative to its template's mean
}

type edge struct {
	i, j   int
	length float64
	angle  float64 // of the vector i→j
	// Each end's direction relative to the edge, undirected: a bifurcation
	// whose direction was read the wrong way round still votes.
	ai, aj float64
	mx, my float64 // midpoint
}

type prepared struct {
	pts   []point
	edges []edge
	// byLength buckets edges by length for lookup.
	byLength map[int][]int
	// local holds each minutia's neighbours in its own frame.
	local [][]neighbour
}

// neighbour is a nearby minutia seen from another one: its position in
// the frame of that minutia's direction, and its direction relative to it.
type neighbour struct{ x, y, a float64 }

// Neighbourhoods: how far (px) the neighbours of a minutia are taken, how
// far apart (px, each axis) and how differently turned two neighbours may
// be and still be partners, and how much a pair whose neighbourhoods
// share nothing still counts.
const (
	localReach = 70.0
	localTol   = 10.0
	localAngle = math.Pi / 6
	localFloor = 0.2
)

// neighbourhood lists each minutia's neighbours in its own frame: the
// same in two prints of one finger however they are turned and shifted.
func neighbourhood(pts []point) [][]neighbour {
	out := make([][]neighbour, len(pts))
	for i, p := range pts {
		c, s := math.Cos(-p.a), math.Sin(-p.a)
		for j, q := range pts {
			dx, dy := q.x-p.x, q.y-p.y
			if i == j || dx*dx+dy*dy > localReach*localReach {
				continue
			}
			out[i] = append(out[i], neighbour{c*dx - s*dy, s*dx + c*dy, wrap(q.a - p.a)})
		}
	}
	return out
}

// localSimilarity is the share of two minutiae's neighbours that find a
// partner in the other's neighbourhood (Dice coefficient), 0..1.
func localSimilarity(a, b []neighbour) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	used := make([]bool, len(b))
	m := 0
	for _, u := range a {
		for j, v := range b {
			if used[j] || math.Abs(u.x-v.x) > localTol || math.Abs(u.y-v.y) > localTol || angleDiff(u.a, v.a) > localAngle {
				continue
			}
			used[j] = true
			m++
			break
		}
	}
	return 2 * float64(m) / float64(len(a)+len(b))
}

func prepare(t *Template) *prepared {
	s := 500 / t.DPI
	p := &prepared{byLength: map[int][]int{}}
	// Each minutia weighs by its quality relative to the template's mean
	// (records whose qualities are all alike, or all 0, weigh evenly).
	var qs float64
	for _, f := range t.Features {
		q := math.Max(minQuality, float64(f.Quality))
		p.pts = append(p.pts, point{f.X * s, -f.Y * s, f.Angle, f.Type, q})
		qs += q
	}
	for i := range p.pts {
		p.pts[i].w *= float64(len(p.pts)) / qs
	}
	p.local = neighbourhood(p.pts)
	for i, a := range p.pts {
		for j := i + 1; j < len(p.pts); j++ {
			b := p.pts[j]
			l := math.Hypot(b.x-a.x, b.y-a.y)
			if l < edgeMin || l > edgeMax {
				continue
			}
			ang := math.Atan2(b.y-a.y, b.x-a.x)
			e := edge{i: i, j: j, length: l, angle: ang, ai: halfWrap(a.a - ang), aj: halfWrap(b.a - ang),
				mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2}
			p.byLength[int(l/edgeLenTol)] = append(p.byLength[int(l/edgeLenTol)], len(p.edges))
			p.edges = append(p.edges, e)
		}
	}
	return p
}

// halfWrap maps an undirected angle to [0, π).
func halfWrap(a float64) float64 {
	a = math.Mod(a, math.Pi)
	if a < 0 {
		a += math.Pi
	}
	return a
}

// halfDiff is the difference of two undirected angles, 0..π/2.
func halfDiff(a, b float64) float64 {
	d := math.Abs(halfWrap(a) - halfWrap(b))
	return math.Min(d, math.Pi-d)
}

// transform maps a onto b: rotate by rot, then shift.
type transform struct{ rot, tx, ty float64 }

type cell struct {
	key      [3]int // rotation and shift bins
	votes    int
	cos, sin float64
	tx, ty   float64
}

// Match scores how likely two templates come from the same finger: 0 to
// 100, higher is more alike; Threshold turns it into a decision. Edges
// (pairs of minutiae) alike in both templates vote for an alignment; under
// the best-supported alignments the minutiae are paired one to one (same
// place, same direction), the alignment is refitted to the pairs and then
// bent locally by their residuals, as skin stretches. A pair counts more
// the closer its minutiae lie, the more their neighbourhoods agree (the
// neighbours seen from each minutia, which no alignment can fake) and the
// higher their qualities; the score is the weighted share of paired
// minutiae where the prints overlap, each minutia weighing by its quality.
func Match(a, b *Template) float64 {
	pa, pb := prepare(a), prepare(b)
	if len(pa.pts) < 3 || len(pb.pts) < 3 {
		return 0
	}
	cells := map[[3]int]*cell{}
	for _, ea := range pa.edges {
		k := int(ea.length / edgeLenTol)
		for _, bucket := range [3]int{k - 1, k, k + 1} {
			for _, bi := range pb.byLength[bucket] {
				eb := pb.edges[bi]
				if math.Abs(ea.length-eb.length) > edgeLenTol {
					continue
				}
				// The edge may be matched either way round.
				for flip := 0; flip < 2; flip++ {
					angB, aiB, ajB := eb.angle, eb.ai, eb.aj
					if flip == 1 {
						angB, aiB, ajB = eb.angle+math.Pi, eb.aj, eb.ai
					}
					if halfDiff(ea.ai, aiB) > edgeAngleTol || halfDiff(ea.aj, ajB) > edgeAngleTol {
						continue
					}
					rot := wrap(angB - ea.angle)
					c, s := math.Cos(rot), math.Sin(rot)
					tx := eb.mx - (c*ea.mx - s*ea.my)
					ty := eb.my - (s*ea.mx + c*ea.my)
					key := [3]int{int(math.Floor(rot/rotBin)) & 63, int(math.Floor(tx / shiftBin)), int(math.Floor(ty / shiftBin))}
					cl := cells[key]
					if cl == nil {
						cl = &cell{key: key}
						cells[key] = cl
					}
					cl.votes++
					cl.cos += c
					cl.sin += s
					cl.tx += tx
					cl.ty += ty
				}
			}
		}
	}
	top := make([]*cell, 0, len(cells))
	for _, c := range cells {
		top = append(top, c)
	}
	// Most votes first; equal votes in bin order, so that a pair of prints
	// always gets the same score (map order is random).
	sort.Slice(top, func(i, j int) bool {
		if top[i].votes != top[j].votes {
			return top[i].votes > top[j].votes
		}
		return slices.Compare(top[i].key[:], top[j].key[:]) < 0
	})
	if len(top) > alignments {
		top = top[:alignments]
	}
	best := 0.0
	sims := make([]float64, len(pa.pts)*len(pb.pts))
	for i := range sims {
		sims[i] = -1
	}
	for _, c := range top {
		n := float64(c.votes)
		t := transform{math.Atan2(c.sin, c.cos), c.tx / n, c.ty / n}
		s, pairs := pair(pa, pb, t, nil, sims)
		for round := 0; round < refineRounds && len(pairs) >= 3; round++ {
			// Refit the alignment to the minutiae it paired, and pair again.
			t2 := fit(pa, pb, pairs)
			s2, pairs2 := pair(pa, pb, t2, nil, sims)
			if s2 <= s {
				break
			}
			s, pairs, t = s2, pairs2, t2
		}
		if len(pairs) >= 4 {
			// Skin stretches: let the pairs found bend the alignment locally.
			if s2, _ := pair(pa, pb, t, pairs, sims); s2 > s {
				s = s2
			}
		}
		if s > best {
			best = s
		}
	}
	return best
}

// wrap maps an angle to [-π, π).
func wrap(a float64) float64 {
	a = math.Mod(a+math.Pi, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	return a - math.Pi
}

const (
	refineRounds = 2
	bendReach    = 40.0 // px: how far a pair's residual pulls its neighbours
	bendPrior    = 0.3  // weight of not moving
)

// fit is the rotation and shift that best maps the paired minutiae of a
// onto their partners in b (least squares).
func fit(pa, pb *prepared, pairs [][2]int) transform {
	var ax, ay, bx, by float64
	for _, p := range pairs {
		ax += pa.pts[p[0]].x
		ay += pa.pts[p[0]].y
		bx += pb.pts[p[1]].x
		by += pb.pts[p[1]].y
	}
	n := float64(len(pairs))
	ax, ay, bx, by = ax/n, ay/n, bx/n, by/n
	var sc, ss float64
	for _, p := range pairs {
		u, v := pa.pts[p[0]], pb.pts[p[1]]
		ux, uy, vx, vy := u.x-ax, u.y-ay, v.x-bx, v.y-by
		sc += ux*vx + uy*vy
		ss += ux*vy - uy*vx
	}
	rot := math.Atan2(ss, sc)
	c, s := math.Cos(rot), math.Sin(rot)
	return transform{rot, bx - (c*ax - s*ay), by - (s*ax + c*ay)}
}

// pair aligns a onto b, pairs minutiae one to one, and scores it.
func pair(pa, pb *prepared, t transform, bend [][2]int, sims []float64) (float64, [][2]int) {
	c, s := math.Cos(t.rot), math.Sin(t.rot)
	moved := make([]point, len(pa.pts))
	for k, p := range pa.pts {
		moved[k] = point{c*p.x - s*p.y + t.tx, s*p.x + c*p.y + t.ty, p.a + t.rot, p.t, p.w}
	}
	if bend != nil {
		// Each minutia moves by the residuals of the pairs around it,
		// weighted by closeness, against a prior of not moving. A pair's
		// own residual is left out: it must not pull itself into place.
		type shift struct {
			k            int
			x, y, dx, dy float64
		}
		res := make([]shift, len(bend))
		for i, p := range bend {
			m, q := moved[p[0]], pb.pts[p[1]]
			res[i] = shift{p[0], m.x, m.y, q.x - m.x, q.y - m.y}
		}
		for k := range moved {
			m := &moved[k]
			sw, sx, sy := bendPrior, 0.0, 0.0
			for _, r := range res {
				if r.k == k {
					continue
				}
				d2 := (r.x-m.x)*(r.x-m.x) + (r.y-m.y)*(r.y-m.y)
				w := math.Exp(-d2 / (2 * bendReach * bendReach))
				sw += w
				sx += w * r.dx
				sy += w * r.dy
			}
			m.x += sx / sw
			m.y += sy / sw
		}
	}
	// The overlap: each print's bounding box, grown a little.
	boxA := bbox(moved, 10)
	boxB := bbox(pb.pts, 10)
	inA := 0
	var wA, wB float64
	for _, m := range moved {
		if boxB.has(m) {
			wB += m.w
		}
	}
	var cx, cy float64
	for _, q := range pb.pts {
		if boxA.has(q) {
			inA++
			wA += q.w
			cx += q.x
			cy += q.y
		}
	}
	if inA > 0 {
		cx, cy = cx/float64(inA), cy/float64(inA)
	}
	type cand struct {
		k, l int
		d    float64
	}
	var cs []cand
	for l, q := range pb.pts {
		tol := pairDistance + pairGrowth*math.Hypot(q.x-cx, q.y-cy)
		for k, m := range moved {
			dx, dy := m.x-q.x, m.y-q.y
			if math.Abs(dx) > tol || math.Abs(dy) > tol {
				continue
			}
			d := math.Hypot(dx, dy)
			if d <= tol && angleDiff(m.a, q.a) <= pairAngle {
				cs = append(cs, cand{k, l, d / tol})
			}
		}
	}
	sort.Slice(cs, func(x, y int) bool { return cs[x].d < cs[y].d })
	usedA, usedB := make([]bool, len(pa.pts)), make([]bool, len(pb.pts))
	var quality float64
	var pairs [][2]int
	for _, p := range cs {
		if usedA[p.k] || usedB[p.l] {
			continue
		}
		usedA[p.k], usedB[p.l] = true, true
		pairs = append(pairs, [2]int{p.k, p.l})
		si := p.k*len(pb.pts) + p.l
		if sims[si] < 0 {
			sims[si] = localSimilarity(pa.local[p.k], pb.local[p.l])
		}
		quality += (1 - 0.5*p.d) * (localFloor + (1-localFloor)*sims[si]) * math.Sqrt(pa.pts[p.k].w*pb.pts[p.l].w)
	}
	if len(pairs) < 3 {
		return 0, pairs
	}
	na := math.Max(wB, minEffective)
	nb := math.Max(wA, minEffective)
	// The score is the share of paired minutiae in the overlap (the
	// geometric mean of both prints' shares; each minutia weighs by its
	// quality, each pair also by its closeness and its neighbourhood),
	// discounted because few pairs are weak evidence, however large their
	// share: × √(q/(q+pairEvidence)).
	return scoreMaxValue * quality / math.Sqrt(na*nb) * math.Sqrt(quality/(quality+pairEvidence)), pairs
}

type box struct{ minX, minY, maxX, maxY float64 }

func bbox(ps []point, grow float64) box {
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range ps {
		b.minX, b.minY = math.Min(b.minX, p.x), math.Min(b.minY, p.y)
		b.maxX, b.maxY = math.Max(b.maxX, p.x), math.Max(b.maxY, p.y)
	}
	return box{b.minX - grow, b.minY - grow, b.maxX + grow, b.maxY + grow}
}

func (b box) has(p point) bool {
	return p.x >= b.minX && p.x <= b.maxX && p.y >= b.minY && p.y <= b.maxY
}
