package fingerprint

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sort"
)

// Feature is a minutia in pixels of the image it was found in: position,
// direction in radians counter-clockwise from the x axis (image y points
// down, so the angle is measured as on paper), type and quality 0–100.
// Directions follow third-party ISO records: an ending points from its tip
// into its ridge, a bifurcation along its two branches.
type Feature struct {
	X, Y    float64
	Angle   float64
	Type    uint8
	Quality uint8
}

// Template is what Extract finds in one image.
type Template struct {
	Width, Height int
	DPI           float64
	Features      []Feature
	// Quality is the record's finger quality, 0–100: the clarity of the
	// ridge flow over the print, lowered by a small print area, weak
	// contrast or blur (the measures behind Problem).
	Quality uint8
	// Problem is why the image makes a poor record, as Extract measured
	// it (ReasonNone when it does not; always ReasonNone in a template
	// read from a record). Check turns it into an error.
	Problem Reason
}

// Extraction errors.
var (
	ErrImageTooSmall = errors.New("fingerprint: the image is too small to hold a fingerprint")
	ErrImageTooLarge = errors.New("fingerprint: the image is too large")
	ErrResolution    = errors.New("fingerprint: the resolution is outside 250–1200 dpi")
)

// Limits of Extract.
const (
	minSide   = 64
	maxPixels = 4096 * 4096
	// MaxFeatures caps the minutiae of a template (the best by quality).
	MaxFeatures = 80
)

// Extract finds the minutiae of an 8-bit grey image (dark ridges) taken at
// dpi: segmentation, orientation field and ridge period on blocks, ridge
// enhancement by filtering along and across the local ridge direction with
// the local period, binarisation, thinning, crossing-number detection,
// traced directions, false-minutia removal and a quality per minutia. A
// blank or unreadable image gives a template without minutiae and quality
// 0, not an error.
func Extract(img *image.Gray, dpi float64) (*Template, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	switch {
	case w < minSide || h < minSide:
		return nil, fmt.Errorf("%w: %dx%d, at least %dx%d", ErrImageTooSmall, w, h, minSide, minSide)
	case w*h > maxPixels:
		return nil, fmt.Errorf("%w: %dx%d pixels", ErrImageTooLarge, w, h)
	case !(dpi >= 250 && dpi <= 1200):
		return nil, fmt.Errorf("%w: %g dpi", ErrResolution, dpi)
	}
	e := newExtractor(img, dpi)
	t := &Template{Width: w, Height: h, DPI: dpi}
	if e.orient() {
		e.ridgePeriods()
		e.enhance()
		e.thin()
		t.Features = e.minutiae()
		t.Quality = e.quality()
	}
	t.Problem = e.problem(len(t.Features))
	return t, nil
}

// extractor holds the working images of one extraction.
type extractor struct {
	w, h  int
	scale float64 // dpi / 500
	pix   []float32
	block int
	bw    int // blocks across
	bh    int // blocks down
	// per block
	cosb, sinb []float32 // smoothed doubled-angle gradient field
	coh        []float32 // coherence 0..1
	mask       []bool    // foreground
	fg         []bool    // foreground per pixel (pixelMask)
	// per pixel
	dir     []uint8 // ridge direction index, 0..nDirs-1
	ridge   []bool  // binarised ridges
	skel    []bool
	lambda  float64   // median ridge period in pixels
	periods []float64 // ridge periods of the filter bank
	band    []uint8   // per pixel: its period in periods
	// image measures behind Template.Problem (quality.go)
	contrast float64 // grey-level spread of the strongest blocks (standard deviation)
	sharp    float64 // gradient energy per unit of variance in the print's blocks
	area     float64 // foreground, mm²
}

const nDirs = 24

func newExtractor(img *image.Gray, dpi float64) *extractor {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	e := &extractor{w: w, h: h, scale: dpi / 500, pix: make([]float32, w*h)}
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		for x, v := range row {
			e.pix[y*w+x] = float32(v)
		}
	}
	e.block = max(8, int(math.Round(12*e.scale)))
	e.bw, e.bh = (w+e.block-1)/e.block, (h+e.block-1)/e.block
	return e
}

// orient computes the block orientation field, coherence and foreground
// mask. It reports false when no part of the image holds ridges.
func (e *extractor) orient() bool {
	w, h, b := e.w, e.h, e.block
	nb := e.bw * e.bh
	gxx, gyy, gxy := make([]float64, nb), make([]float64, nb), make([]float64, nb)
	sum, sum2, cnt := make([]float64, nb), make([]float64, nb), make([]float64, nb)
	p := e.pix
	for y := 1; y < h-1; y++ {
		brow := (y / b) * e.bw
		up, row, down := p[(y-1)*w:y*w], p[y*w:(y+1)*w], p[(y+1)*w:(y+2)*w]
		// Per block of the row, accumulate in float32 locals, then add.
		for bx := 0; bx < e.bw; bx++ {
			x0, x1 := max(1, bx*b), min(w-1, (bx+1)*b)
			var sxx, syy, sxy, sv, sv2 float32
			for x := x0; x < x1; x++ {
				gx := up[x+1] + 2*row[x+1] + down[x+1] - up[x-1] - 2*row[x-1] - down[x-1]
				gy := down[x-1] + 2*down[x] + down[x+1] - up[x-1] - 2*up[x] - up[x+1]
				sxx += gx * gx
				syy += gy * gy
				sxy += gx * gy
				v := row[x]
				sv += v
				sv2 += v * v
			}
			bi := brow + bx
			gxx[bi] += float64(sxx)
			gyy[bi] += float64(syy)
			gxy[bi] += float64(sxy)
			sum[bi] += float64(sv)
			sum2[bi] += float64(sv2)
			cnt[bi] += float64(max(0, x1-x0))
		}
	}
	// Doubled-angle vectors, smoothed over 5x5 blocks.
	vc, vs, en := make([]float64, nb), make([]float64, nb), make([]float64, nb)
	for i := range vc {
		vc[i], vs[i], en[i] = gxx[i]-gyy[i], 2*gxy[i], gxx[i]+gyy[i]
	}
	vc, vs, en = e.smoothBlocks(vc, 1), e.smoothBlocks(vs, 1), e.smoothBlocks(en, 1)
	e.cosb, e.sinb, e.coh = make([]float32, nb), make([]float32, nb), make([]float32, nb)
	for i := range vc {
		m := math.Hypot(vc[i], vs[i])
		if m > 0 {
			e.cosb[i], e.sinb[i] = float32(vc[i]/m), float32(vs[i]/m)
		}
		if en[i] > 0 {
			e.coh[i] = float32(m / en[i])
		}
	}
	// Foreground: blocks with some contrast (3 % of the variance of the
	// image's strongest blocks, so that the faint edge of a print stays in)
	// and a coherent ridge flow. The strongest blocks are the top 2 %: a
	// small print on a large sensor may fill no more than a few percent of
	// the picture.
	variance := make([]float64, nb)
	var vals []float64
	for i := range variance {
		if cnt[i] > 0 {
			mean := sum[i] / cnt[i]
			variance[i] = sum2[i]/cnt[i] - mean*mean
			vals = append(vals, variance[i])
		}
	}
	sort.Float64s(vals)
	hi := vals[len(vals)*98/100]
	e.contrast = math.Sqrt(hi)
	e.sharp = sharpness(gxx, gyy, variance, cnt, hi)
	if hi < 40 { // no contrast anywhere: blank, black or flat image
		return false
	}
	thr := math.Max(20, 0.03*hi)
	e.mask = make([]bool, nb)
	for i := range e.mask {
		e.mask[i] = variance[i] > thr && e.coh[i] > 0.08
	}
	e.mask = closeOpen(e.mask, e.bw, e.bh)
	e.mask = largestComponent(e.mask, e.bw, e.bh)
	n := 0
	for _, m := range e.mask {
		if m {
			n++
		}
	}
	mm := 25.4 / (500 * e.scale)
	e.area = float64(n*e.block*e.block) * mm * mm
	if n < 6 {
		return false
	}
	e.pixelDirections()
	e.normalise(sum, sum2, cnt)
	return true
}

// smoothBlocks averages a block field over a (2r+1)² window.
func (e *extractor) smoothBlocks(v []float64, r int) []float64 {
	out := make([]float64, len(v))
	for by := 0; by < e.bh; by++ {
		for bx := 0; bx < e.bw; bx++ {
			var s float64
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					x, y := bx+dx, by+dy
					if x >= 0 && y >= 0 && x < e.bw && y < e.bh {
						wgt := 1.0 / float64(1+dx*dx+dy*dy)
						s += v[y*e.bw+x] * wgt
					}
				}
			}
			out[by*e.bw+bx] = s
		}
	}
	return out
}

// pixelDirections interpolates the block field to a ridge direction index
// per pixel, on a 4-pixel grid (the field is smooth at that scale).
func (e *extractor) pixelDirections() {
	w, h := e.w, e.h
	const cell = 4
	e.dir = make([]uint8, w*h)
	for cy := 0; cy < h; cy += cell {
		for cx := 0; cx < w; cx += cell {
			d := dirIndex(e.ridgeAngle(float64(cx)+cell/2-0.5, float64(cy)+cell/2-0.5))
			for y := cy; y < min(cy+cell, h); y++ {
				row := e.dir[y*w : y*w+w]
				for x := cx; x < min(cx+cell, w); x++ {
					row[x] = d
				}
			}
		}
	}
}

// ridgeAngle is the ridge direction at point (x, y) of the image (pixel
// centres at whole numbers), undirected, in radians in image coordinates
// (y down), interpolated from the block field: unlike e.dir, not
// quantised.
func (e *extractor) ridgeAngle(x, y float64) float64 {
	b := float64(e.block)
	fy := (y+0.5)/b - 0.5
	y0 := clampInt(int(math.Floor(fy)), 0, e.bh-1)
	y1 := clampInt(y0+1, 0, e.bh-1)
	ty := math.Max(0, math.Min(1, fy-float64(y0)))
	fx := (x+0.5)/b - 0.5
	x0 := clampInt(int(math.Floor(fx)), 0, e.bw-1)
	x1 := clampInt(x0+1, 0, e.bw-1)
	tx := math.Max(0, math.Min(1, fx-float64(x0)))
	c := bilerp(e.cosb, e.bw, x0, y0, x1, y1, tx, ty)
	sn := bilerp(e.sinb, e.bw, x0, y0, x1, y1, tx, ty)
	return ridgeAcross(c, sn)
}

// ridgeAcross is the ridge direction of a doubled-angle gradient vector
// (c, s): the gradient's direction is 0.5·atan2(s, c), ridges run across it.
func ridgeAcross(c, s float64) float64 { return 0.5*math.Atan2(s, c) + math.Pi/2 }

func bilerp(v []float32, stride, x0, y0, x1, y1 int, tx, ty float64) float64 {
	a := float64(v[y0*stride+x0])*(1-tx) + float64(v[y0*stride+x1])*tx
	b := float64(v[y1*stride+x0])*(1-tx) + float64(v[y1*stride+x1])*tx
	return a*(1-ty) + b*ty
}

// dirIndex maps an undirected angle (image coordinates) to 0..nDirs-1.
func dirIndex(theta float64) uint8 {
	t := math.Mod(theta, math.Pi)
	if t < 0 {
		t += math.Pi
	}
	return uint8(int(math.Round(t/math.Pi*nDirs)) % nDirs)
}

// normalise sets each block to zero mean and unit variance.
func (e *extractor) normalise(sum, sum2, cnt []float64) {
	b := e.block
	mean, inv := make([]float32, len(sum)), make([]float32, len(sum))
	for i := range sum {
		if cnt[i] > 0 {
			m := sum[i] / cnt[i]
			mean[i] = float32(m)
			inv[i] = float32(1 / math.Sqrt(math.Max(sum2[i]/cnt[i]-m*m, 1)))
		}
	}
	for y := 0; y < e.h; y++ {
		row := e.pix[y*e.w : y*e.w+e.w]
		brow := (y / b) * e.bw
		for x := range row {
			bi := brow + x/b
			row[x] = (row[x] - mean[bi]) * inv[bi]
		}
	}
}

// enhance filters along the ridge (smoothing) and across it (a cosine of
// the local ridge period under a Gaussian), then binarises: ridge where the
// response is negative (ridges are dark).
func (e *extractor) enhance() {
	resp := orientedFilter(e.pix, e.w, e.h, e.dir, e.scale, e.periods, e.band, e.pixelMask())
	e.ridge = make([]bool, e.w*e.h)
	for i, v := range resp {
		e.ridge[i] = v < 0
	}
	e.pix = nil
}

// Ridge periods in pixels at 500 dpi: the range accepted from the image,
// the step between the filters of the bank, and the default where the image
// tells nothing.
const (
	minPeriod     = 4.5
	maxPeriod     = 15.0
	periodStep    = 0.5
	defaultPeriod = 9.0
)

// ridgePeriods estimates the ridge period of each foreground block from
// the autocorrelation of the grey levels across the ridges, fills and
// smooths the field, and sets e.lambda (the median, used by the minutia
// filters), e.periods (the filter bank) and e.band (each pixel's filter).
func (e *extractor) ridgePeriods() {
	nb := e.bw * e.bh
	per := make([]float64, nb)
	ok := make([]float64, nb)
	K := int(math.Round(16 * e.scale)) // half-width of the signature, across
	J := int(math.Round(6 * e.scale))  // half-length, along
	sig := make([]float64, 2*K+1)
	cnt := make([]int, 2*K+1)
	lo, hi := int(math.Floor(minPeriod*e.scale)), int(math.Ceil(maxPeriod*e.scale))
	r := make([]float64, hi+2)
	var found []float64
	for by := 0; by < e.bh; by++ {
		for bx := 0; bx < e.bw; bx++ {
			bi := by*e.bw + bx
			if !e.mask[bi] {
				continue
			}
			th := ridgeAcross(float64(e.cosb[bi]), float64(e.sinb[bi]))
			ux, uy := math.Cos(th), math.Sin(th)
			cx, cy := (float64(bx)+0.5)*float64(e.block), (float64(by)+0.5)*float64(e.block)
			clear(sig)
			clear(cnt)
			for k := -K; k <= K; k++ {
				for j := -J; j <= J; j++ {
					x := int(cx - float64(k)*uy + float64(j)*ux)
					y := int(cy + float64(k)*ux + float64(j)*uy)
					if x >= 0 && y >= 0 && x < e.w && y < e.h {
						sig[k+K] += float64(e.pix[y*e.w+x])
						cnt[k+K]++
					}
				}
			}
			var mean float64
			n := 0
			for k := range sig {
				if cnt[k] == 0 {
					continue
				}
				sig[k] /= float64(cnt[k])
				mean += sig[k]
				n++
			}
			if n < len(sig) {
				continue // the window leaves the image
			}
			mean /= float64(n)
			for k := range sig {
				sig[k] -= mean
			}
			for tau := 0; tau <= hi+1 && tau < len(sig); tau++ {
				var s float64
				for k := 0; k+tau < len(sig); k++ {
					s += sig[k] * sig[k+tau]
				}
				r[tau] = s / float64(len(sig)-tau)
			}
			if r[0] <= 0 {
				continue
			}
			// The first clear peak of the autocorrelation is the period.
			for tau := max(lo, 2); tau <= hi && tau+1 < len(sig); tau++ {
				if r[tau] >= r[tau-1] && r[tau] > r[tau+1] && r[tau] > 0.25*r[0] {
					// Sub-pixel: the vertex of the parabola through the peak.
					d := r[tau-1] - 2*r[tau] + r[tau+1]
					p := float64(tau)
					if d < 0 {
						p += 0.5 * (r[tau-1] - r[tau+1]) / d
					}
					per[bi], ok[bi] = p, 1
					found = append(found, p)
					break
				}
			}
		}
	}
	e.lambda = defaultPeriod * e.scale
	if len(found) > 0 {
		sort.Float64s(found)
		e.lambda = found[len(found)/2]
	}
	// Blocks without an estimate take their neighbours' (or the median),
	// then the field is smoothed.
	for i := range per {
		per[i] *= ok[i]
	}
	for range 4 {
		s, w := e.smoothBlocks(per, 1), e.smoothBlocks(ok, 1)
		for i := range per {
			if ok[i] == 0 && w[i] > 0 {
				per[i], ok[i] = s[i]/w[i], 1
			}
		}
	}
	for i := range per {
		if ok[i] == 0 {
			per[i] = e.lambda
		}
		ok[i] = 1
	}
	s, w := e.smoothBlocks(per, 1), e.smoothBlocks(ok, 1)
	minP, maxP := math.Inf(1), math.Inf(-1)
	for i := range per {
		per[i] = math.Max(minPeriod*e.scale, math.Min(maxPeriod*e.scale, s[i]/w[i]))
		if e.mask[i] {
			minP, maxP = math.Min(minP, per[i]), math.Max(maxP, per[i])
		}
	}
	step := periodStep * e.scale
	nBands := int((maxP-minP)/step) + 1
	e.periods = make([]float64, nBands)
	for b := range e.periods {
		e.periods[b] = minP + float64(b)*step
	}
	e.band = make([]uint8, e.w*e.h)
	for y := 0; y < e.h; y++ {
		brow := (y / e.block) * e.bw
		row := e.band[y*e.w : (y+1)*e.w]
		for x := range row {
			b := int(math.Round((per[brow+x/e.block] - minP) / step))
			row[x] = uint8(clampInt(b, 0, nBands-1))
		}
	}
}

// orientedFilter smooths src along the local ridge direction dir, then
// correlates across it with a zero-mean cosine of the local ridge period
// under a Gaussian: periods[band[i]] at pixel i (band nil: periods[0]).
// Pixels where keep is false are left 0 (keep nil: all).
func orientedFilter(src []float32, w, h int, dir []uint8, scale float64, periods []float64, band []uint8, keep []bool) []float32 {
	along := max(2, int(math.Round(7*scale)))
	// Per period: the half-width of the window across (one period) and
	// its weights.
	radius := make([]int, len(periods))
	weights := make([][]float32, len(periods))
	across := 0
	for b, lambda := range periods {
		r := max(4, int(math.Round(lambda)))
		radius[b] = r
		across = max(across, r)
		sigma := 0.5 * lambda
		wt := make([]float32, 2*r+1)
		var mean float64
		for k := -r; k <= r; k++ {
			v := math.Cos(2*math.Pi*float64(k)/lambda) * math.Exp(-float64(k*k)/(2*sigma*sigma))
			wt[k+r] = float32(v)
			mean += v
		}
		mean /= float64(len(wt))
		for i := range wt {
			wt[i] -= float32(mean)
		}
		weights[b] = wt
	}
	alongOff := directionOffsets(along, w, false)
	acrossOff := directionOffsets(across, w, true)
	smooth := make([]float32, w*h)
	out := make([]float32, w*h)
	// Along the ridge: a plain sum.
	for y := 0; y < h; y++ {
		inner := y >= along && y < h-along
		for x := 0; x < w; x++ {
			i := y*w + x
			if keep != nil && !keep[i] {
				continue
			}
			o := &alongOff[dir[i]]
			var s float32
			if inner && x >= along && x < w-along {
				for _, l := range o.lin {
					s += src[i+l]
				}
			} else {
				for k := range o.dx {
					s += src[clampInt(y+o.dy[k], 0, h-1)*w+clampInt(x+o.dx[k], 0, w-1)]
				}
			}
			smooth[i] = s
		}
	}
	// Across: the period's window, centred in the longest one.
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			if keep != nil && !keep[i] {
				continue
			}
			b := 0
			if band != nil {
				b = int(band[i])
			}
			wt, r := weights[b], radius[b]
			o := &acrossOff[dir[i]]
			var s float32
			if y >= r && y < h-r && x >= r && x < w-r {
				for k, l := range o.lin[across-r : across+r+1] {
					s += wt[k] * smooth[i+l]
				}
			} else {
				for k := -r; k <= r; k++ {
					s += wt[k+r] * smooth[clampInt(y+o.dy[k+across], 0, h-1)*w+clampInt(x+o.dx[k+across], 0, w-1)]
				}
			}
			out[i] = s
		}
	}
	return out
}

// offsets are the pixel steps of a line through a pixel in one direction.
type offsets struct{ dx, dy, lin []int }

// directionOffsets returns, for each of the nDirs directions, the steps k =
// -r…r along it (or across it), rounded to pixels.
func directionOffsets(r, w int, across bool) []offsets {
	out := make([]offsets, nDirs)
	for d := range out {
		th := float64(d) * math.Pi / nDirs
		ux, uy := math.Cos(th), math.Sin(th)
		if across {
			ux, uy = -uy, ux
		}
		for k := -r; k <= r; k++ {
			dx, dy := int(math.Round(float64(k)*ux)), int(math.Round(float64(k)*uy))
			out[d].dx = append(out[d].dx, dx)
			out[d].dy = append(out[d].dy, dy)
			out[d].lin = append(out[d].lin, dy*w+dx)
		}
	}
	return out
}

// pixelMask returns the foreground per pixel, computed once.
func (e *extractor) pixelMask() []bool {
	if e.fg != nil {
		return e.fg
	}
	e.fg = make([]bool, e.w*e.h)
	for y := 0; y < e.h; y++ {
		brow := e.mask[(y/e.block)*e.bw : (y/e.block+1)*e.bw]
		row := e.fg[y*e.w : (y+1)*e.w]
		for bx, in := range brow {
			if in {
				for x := bx * e.block; x < min((bx+1)*e.block, e.w); x++ {
					row[x] = true
				}
			}
		}
	}
	return e.fg
}

func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// closeOpen fills one-block gaps and removes one-block specks of a mask.
func closeOpen(m []bool, w, h int) []bool {
	return erode(dilate(dilate(erode(m, w, h), w, h), w, h), w, h)
}

func dilate(m []bool, w, h int) []bool { return morph(m, w, h, true) }
func erode(m []bool, w, h int) []bool  { return morph(m, w, h, false) }
func morph(m []bool, w, h int, grow bool) []bool {
	out := make([]bool, len(m))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := !grow
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					in := xx >= 0 && yy >= 0 && xx < w && yy < h && m[yy*w+xx]
					if grow && in {
						v = true
					}
					if !grow && !in {
						v = false
					}
				}
			}
			out[y*w+x] = v
		}
	}
	return out
}

// largestComponent keeps the largest 4-connected foreground region and
// fills its holes.
func largestComponent(m []bool, w, h int) []bool {
	label := make([]int, len(m))
	best, bestN, next := 0, 0, 1
	stack := []int{}
	for i := range m {
		if !m[i] || label[i] != 0 {
			continue
		}
		n := 0
		stack = append(stack[:0], i)
		label[i] = next
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			n++
			x, y := p%w, p/w
			for _, q := range [4][2]int{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				if q[0] >= 0 && q[1] >= 0 && q[0] < w && q[1] < h {
					j := q[1]*w + q[0]
					if m[j] && label[j] == 0 {
						label[j] = next
						stack = append(stack, j)
					}
				}
			}
		}
		if n > bestN {
			best, bestN = next, n
		}
		next++
	}
	out := make([]bool, len(m))
	for i := range m {
		out[i] = label[i] == best && best != 0
	}
	// Fill holes: background not reachable from the border.
	outside := make([]bool, len(m))
	stack = stack[:0]
	for x := 0; x < w; x++ {
		stack = append(stack, x, (h-1)*w+x)
	}
	for y := 0; y < h; y++ {
		stack = append(stack, y*w, y*w+w-1)
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if out[p] || outside[p] {
			continue
		}
		outside[p] = true
		x, y := p%w, p/w
		if x > 0 {
			stack = append(stack, p-1)
		}
		if x < w-1 {
			stack = append(stack, p+1)
		}
		if y > 0 {
			stack = append(stack, p-w)
		}
		if y < h-1 {
			stack = append(stack, p+w)
		}
	}
	for i := range out {
		if !outside[i] {
			out[i] = true
		}
	}
	return out
}

// quality is the record's finger quality, 0–100: the clarity of the ridge
// flow over the print (mean block coherence, doubled and capped at 1) times
// a factor for each measure behind Template.Problem that falls short of a
// good print: print area up to 150 mm², grey-level contrast up to 40,
// sharpness up to 24 (each factor is the measure over that level, at most
// 1). A clear, large, sharp print scores near 100; each reason of
// Template.Problem pulls it down.
func (e *extractor) quality() uint8 {
	var s float64
	n := 0
	for i, m := range e.mask {
		if m {
			s += math.Min(1, float64(e.coh[i])*2)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	q := 100 * s / float64(n)
	q *= math.Min(1, e.area/150) * math.Min(1, e.contrast/40) * math.Min(1, e.sharp/24)
	return uint8(math.Round(math.Min(100, q)))
}
