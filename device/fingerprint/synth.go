package fingerprint

import (
	"image"
	"math"
	"math/cmplx"
	"math/rand/v2"
)

// Synthetic fingerprints, for the demo and the tests: the product carries no
// third-party biometric data. A Master is a finger: an orientation field
// from cores and deltas (the Sherlock–Monro zero-pole model) and a ridge
// pattern grown from noise by repeated oriented filtering. Impressions of a
// master differ as real touches do: position, rotation, elastic skin
// distortion, pressure, and noise.

// Master is a synthetic finger.
type Master struct {
	W, H   int
	ridges []float32 // ridge pattern, about -1 (ridge) … +1 (valley)
	dir    []uint8
	seed   uint64
}

// SynthDPI is the resolution synthetic prints are made at.
const SynthDPI = 500

// NewMaster makes the finger of seed in a w×h image (about 300×400 suits
// 500 dpi). The same seed always makes the same finger.
func NewMaster(seed uint64, w, h int) *Master {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	cx, cy := float64(w)/2, float64(h)/2
	var cores, deltas []complex128
	jitter := func(x, y float64) complex128 {
		return complex(x+(r.Float64()-0.5)*0.3*float64(w), y+(r.Float64()-0.5)*0.25*float64(h))
	}
	tilt := (r.Float64() - 0.5) * math.Pi / 4 // the finger's own slant
	switch r.IntN(4) {
	case 0: // arch: no singularities
	case 1, 2: // loop, left or right
		side := 1.0
		if r.IntN(2) == 0 {
			side = -1
		}
		cores = append(cores, jitter(cx+side*0.05*float64(w), cy-0.1*float64(h)))
		deltas = append(deltas, jitter(cx-side*0.3*float64(w), cy+0.3*float64(h)))
	default: // whorl
		cores = append(cores, jitter(cx, cy-0.12*float64(h)), jitter(cx, cy+0.02*float64(h)))
		deltas = append(deltas, jitter(cx-0.35*float64(w), cy+0.3*float64(h)), jitter(cx+0.35*float64(w), cy+0.3*float64(h)))
	}
	archBend := 0.5 + 0.6*r.Float64()
	m := &Master{W: w, H: h, ridges: make([]float32, w*h), dir: make([]uint8, w*h), seed: seed}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			z := complex(float64(x), float64(y))
			var th float64
			for _, d := range deltas {
				th += cmplx.Phase(z - d)
			}
			for _, c := range cores {
				th -= cmplx.Phase(z - c)
			}
			th /= 2
			if len(cores) == 0 { // arch: ridges bow upwards across the finger
				th = archBend * math.Atan((float64(x)-cx)/float64(w)*3) * (1 - float64(y)/float64(h))
			}
			m.dir[y*w+x] = dirIndex(th + tilt)
		}
	}
	lambda := 7.5 + r.Float64()*4
	for i := range m.ridges {
		m.ridges[i] = float32(r.NormFloat64())
	}
	for range 6 {
		out := orientedFilter(m.ridges, w, h, m.dir, 1, []float64{lambda}, nil, nil)
		var s float64
		for _, v := range out {
			s += float64(v * v)
		}
		k := float32(2.5 / math.Sqrt(s/float64(len(out))+1e-9))
		for i, v := range out {
			m.ridges[i] = float32(math.Tanh(float64(v * k)))
		}
	}
	return m
}

// Impression renders one touch of the master: seed chooses the position
// (±20 px), rotation (±15°), skin distortion, pressure and noise.
func (m *Master) Impression(seed uint64) *image.Gray {
	r := rand.New(rand.NewPCG(m.seed^seed*0x2545f4914f6cdd1d, seed+1))
	w, h := m.W, m.H
	rot := (r.Float64() - 0.5) * math.Pi / 6
	tx, ty := (r.Float64()-0.5)*40, (r.Float64()-0.5)*40
	pressure := (r.Float64() - 0.5) * 0.5
	noise := 12 + r.Float64()*14
	// Elastic distortion: a few smooth displacement bumps.
	type bump struct{ x, y, dx, dy, s float64 }
	var bumps []bump
	for range 4 {
		bumps = append(bumps, bump{r.Float64() * float64(w), r.Float64() * float64(h),
			(r.Float64() - 0.5) * 8, (r.Float64() - 0.5) * 8, 60 + r.Float64()*60})
	}
	// The finger's contact area: an ellipse that moves with the finger.
	ax, ay := 0.42*float64(w)*(0.9+0.2*r.Float64()), 0.45*float64(h)*(0.9+0.2*r.Float64())
	c, s := math.Cos(rot), math.Sin(rot)
	cx, cy := float64(w)/2, float64(h)/2
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// Back from the impression to the master.
			px, py := float64(x)-cx-tx, float64(y)-cy-ty
			mx, my := c*px+s*py+cx, -s*px+c*py+cy
			for _, b := range bumps {
				g := math.Exp(-((mx-b.x)*(mx-b.x) + (my-b.y)*(my-b.y)) / (2 * b.s * b.s))
				mx, my = mx+b.dx*g, my+b.dy*g
			}
			ex, ey := (mx-cx)/ax, (my-cy)/ay
			v := 235.0
			if e := ex*ex + ey*ey; e < 1 && mx >= 0 && my >= 0 && mx < float64(w-1) && my < float64(h-1) {
				ridge := bilinear(m.ridges, w, mx, my) + pressure
				fade := math.Min(1, (1-e)*4) // lighter contact at the rim
				v = 235 - fade*170*(0.5-0.5*math.Tanh(3*ridge))
			}
			v += r.NormFloat64() * noise
			img.Pix[y*w+x] = uint8(math.Max(0, math.Min(255, v)))
		}
	}
	return img
}

func bilinear(v []float32, w int, x, y float64) float64 {
	x0, y0 := int(x), int(y)
	tx, ty := x-float64(x0), y-float64(y0)
	a := float64(v[y0*w+x0])*(1-tx) + float64(v[y0*w+x0+1])*tx
	b := float64(v[(y0+1)*w+x0])*(1-tx) + float64(v[(y0+1)*w+x0+1])*tx
	return a*(1-ty) + b*ty
}
