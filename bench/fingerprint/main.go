// Command fingerprint compares AA Logon's fingerprint engine with
// go-sourceafis v0.0.2-beta on FVC sets, side by side in one run and
// single-threaded (the engines take turns on each image and each pair, so
// that a noisy machine weighs on both alike), by the protocol of
// shared/fpdata/README.md:
//
//	go run . -data DIR -sets fvc2002_db1_b,fvc2002_db2_b@569,fvc2004_db1_b,fvc2004_db3_b@512
//
// Each set is DIR/NAME/NNN_I.png (NAME@DPI; 500 dpi by default). Genuine
// pairs: every impression pair of a finger (i<j). Impostor pairs: every
// image pair of different fingers. It prints, per engine, a line per set and
// a pooled line:
//
//	RESULT engine=ours set=pooled eer=… fnmr_fmr1=… fnmr_fmr01=… extract_ms=… match_ms=… minutiae=…
//
// then THRESHOLD lines: the scores reached by 1 % and 0.1 % of the impostor
// pairs, per set and pooled (fingerprint.Threshold comes from the pooled
// 0.1 % of the real sets). -engines picks the engines (ours, sourceafis, and
// hybrid: go-sourceafis's minutiae with our matcher, to tell extractor from
// matcher); -j N works on N cores for a quick accuracy check, whose times
// are then not comparable.
//
// This is its own module so that go-sourceafis never enters the product.
package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jtejido/sourceafis"
	"github.com/jtejido/sourceafis/config"
	"github.com/jtejido/sourceafis/templates"

	"aalogon/device/fingerprint"
)

type set struct {
	name string
	dpi  float64
}

type sample struct {
	finger, impression int
	img                *image.Gray
}

// engine extracts templates and compares them.
type engine interface {
	name() string
	extract(img *image.Gray, dpi float64) (any, int, error) // template, minutiae
	match(a, b any) float64
}

type result struct {
	genuine, impostor []float64
	extractMS         []float64
	matchMS           []float64
	minutiae          []float64
}

func main() {
	data := flag.String("data", "../../../shared/fpdata", "folder holding the sets")
	sets := flag.String("sets", "fvc2002_db1_b,fvc2002_db2_b@569,fvc2004_db1_b,fvc2004_db3_b@512", "sets, NAME[@DPI]")
	engines := flag.String("engines", "ours,sourceafis", "engines to run")
	flag.IntVar(&jobs, "j", 1, "parallel jobs; above 1 the times are not comparable (accuracy only)")
	flag.Parse()
	runtime.GOMAXPROCS(jobs)

	var ss []set
	for _, s := range strings.Split(*sets, ",") {
		name, dpi, _ := strings.Cut(s, "@")
		d := 500.0
		if dpi != "" {
			v, err := strconv.ParseFloat(dpi, 64)
			if err != nil {
				fail("bad resolution in %q", s)
			}
			d = v
		}
		ss = append(ss, set{name, d})
	}
	var es []engine
	for _, e := range strings.Split(*engines, ",") {
		switch e {
		case "ours":
			es = append(es, ours{})
		case "sourceafis":
			es = append(es, newSourceAFIS())
		case "hybrid": // diagnostic: go-sourceafis's minutiae, our matcher
			es = append(es, hybrid{newSourceAFIS()})
		default:
			fail("unknown engine %q", e)
		}
	}
	// The engines take turns on every image and every pair, so that a
	// machine that slows down or speeds up during the run slows them alike.
	results := make([][]*result, len(ss)) // per set, per engine
	for k, s := range ss {
		results[k] = run(es, load(filepath.Join(*data, s.name)), s.dpi)
	}
	for ei, e := range es {
		pooled := &result{}
		var thresholds []string // printed after the engine's RESULT lines
		for k, s := range ss {
			r := results[k][ei]
			thresholds = append(thresholds, report(e.name(), s.name, r))
			pooled.genuine = append(pooled.genuine, r.genuine...)
			pooled.impostor = append(pooled.impostor, r.impostor...)
			pooled.extractMS = append(pooled.extractMS, r.extractMS...)
			pooled.matchMS = append(pooled.matchMS, r.matchMS...)
			pooled.minutiae = append(pooled.minutiae, r.minutiae...)
		}
		thresholds = append(thresholds, report(e.name(), "pooled", pooled))
		for _, r := range thresholds {
			fmt.Println(r)
		}
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "fingerprint: "+format+"\n", args...)
	os.Exit(2)
}

func load(dir string) []sample {
	files, _ := filepath.Glob(filepath.Join(dir, "*_*.png"))
	if len(files) == 0 {
		fail("no images NNN_I.png in %s", dir)
	}
	sort.Strings(files)
	var out []sample
	for _, f := range files {
		var fg, imp int
		if _, err := fmt.Sscanf(filepath.Base(f), "%d_%d.png", &fg, &imp); err != nil {
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			fail("%v", err)
		}
		img, err := png.Decode(fh)
		fh.Close()
		if err != nil {
			fail("%s: %v", f, err)
		}
		g, ok := img.(*image.Gray)
		if !ok {
			g = image.NewGray(img.Bounds())
			draw.Draw(g, g.Rect, img, img.Bounds().Min, draw.Src)
		}
		out = append(out, sample{fg, imp, g})
	}
	return out
}

// jobs is the number of parallel workers (-j); 1 for the published numbers.
var jobs = 1

func run(es []engine, samples []sample, dpi float64) []*result {
	rs := make([]*result, len(es))
	tpls := make([][]any, len(es))
	for ei := range es {
		rs[ei] = &result{extractMS: make([]float64, len(samples)), minutiae: make([]float64, len(samples))}
		tpls[ei] = make([]any, len(samples))
	}
	parallel(len(samples), func(i int) {
		s := samples[i]
		for ei, e := range es {
			start := time.Now()
			t, n, err := e.extract(s.img, dpi)
			rs[ei].extractMS[i] = float64(time.Since(start).Microseconds()) / 1000
			if err != nil {
				fail("%s: extract %d_%d: %v", e.name(), s.finger, s.impression, err)
			}
			tpls[ei][i] = t
			rs[ei].minutiae[i] = float64(n)
		}
	})
	type pairing struct{ i, j int }
	var pairs []pairing
	for i := range samples {
		for j := i + 1; j < len(samples); j++ {
			pairs = append(pairs, pairing{i, j})
		}
	}
	scores := make([][]float64, len(es))
	for ei := range es {
		scores[ei] = make([]float64, len(pairs))
		rs[ei].matchMS = make([]float64, len(pairs))
	}
	parallel(len(pairs), func(k int) {
		for ei, e := range es {
			start := time.Now()
			scores[ei][k] = e.match(tpls[ei][pairs[k].i], tpls[ei][pairs[k].j])
			rs[ei].matchMS[k] = float64(time.Since(start).Nanoseconds()) / 1e6
		}
	})
	for ei, r := range rs {
		for k, p := range pairs {
			if samples[p.i].finger == samples[p.j].finger {
				r.genuine = append(r.genuine, scores[ei][k])
			} else {
				r.impostor = append(r.impostor, scores[ei][k])
			}
		}
	}
	return rs
}

// parallel calls f(0…n-1) on jobs goroutines, in order when jobs is 1.
func parallel(n int, f func(int)) {
	if jobs <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// report prints the RESULT line of an engine on a set and returns its
// THRESHOLD line: the scores reached by 1 % and 0.1 % of the impostor pairs.
func report(engine, set string, r *result) string {
	eer := eer(r.genuine, r.impostor)
	fmt.Printf("RESULT engine=%s set=%s eer=%.2f fnmr_fmr1=%.2f fnmr_fmr01=%.2f extract_ms=%.1f match_ms=%.3f minutiae=%.0f\n",
		engine, set, eer, fnmrAt(r.genuine, r.impostor, 0.01), fnmrAt(r.genuine, r.impostor, 0.001),
		median(r.extractMS), median(r.matchMS), median(r.minutiae))
	return fmt.Sprintf("THRESHOLD engine=%s set=%s fmr1=%.2f fmr01=%.2f",
		engine, set, thresholdAt(r.impostor, 0.01), thresholdAt(r.impostor, 0.001))
}

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

type ours struct{}

func (ours) name() string { return "ours" }
func (ours) extract(img *image.Gray, dpi float64) (any, int, error) {
	t, err := fingerprint.Extract(img, dpi)
	if err != nil {
		return nil, 0, err
	}
	return t, len(t.Features), nil
}
func (ours) match(a, b any) float64 {
	return fingerprint.Match(a.(*fingerprint.Template), b.(*fingerprint.Template))
}

// sourceAFIS runs go-sourceafis as fpdata/README.md says: templates from
// NewFromImage with the resolution, one worker, a logger that records
// nothing.
type sourceAFIS struct {
	logger  *sourceafis.DefaultTransparencyLogger
	creator *sourceafis.TemplateCreator
}

type nothing struct{}

func (nothing) Accepts(string) bool                 { return false }
func (nothing) Accept(string, string, []byte) error { return nil }

func newSourceAFIS() *sourceAFIS {
	config.LoadDefaultConfig()
	config.Config.Workers = 1
	l := sourceafis.NewTransparencyLogger(nothing{})
	return &sourceAFIS{logger: l, creator: sourceafis.NewTemplateCreator(l)}
}

func (s *sourceAFIS) name() string { return "sourceafis" }
func (s *sourceAFIS) extract(img *image.Gray, dpi float64) (any, int, error) {
	im, err := sourceafis.NewFromImage(img, sourceafis.WithResolution(dpi))
	if err != nil {
		return nil, 0, err
	}
	t, err := s.creator.Template(im)
	if err != nil {
		return nil, 0, err
	}
	return t, len(t.Minutiae), nil
}
func (s *sourceAFIS) match(a, b any) float64 {
	m, err := sourceafis.NewMatcher(s.logger, a.(*templates.SearchTemplate))
	if err != nil {
		fail("sourceafis: %v", err)
	}
	return m.Match(context.Background(), b.(*templates.SearchTemplate))
}

// hybrid extracts with go-sourceafis and matches with our matcher: it tells
// whether our extractor or our matcher limits accuracy.
type hybrid struct{ sa *sourceAFIS }

func (hybrid) name() string { return "hybrid" }
func (h hybrid) extract(img *image.Gray, dpi float64) (any, int, error) {
	t, n, err := h.sa.extract(img, dpi)
	if err != nil {
		return nil, 0, err
	}
	st := t.(*templates.SearchTemplate)
	// go-sourceafis scales templates to 500 dpi.
	out := &fingerprint.Template{Width: st.Width, Height: st.Height, DPI: 500}
	for _, m := range st.Minutiae {
		// Its directions are clockwise in image coordinates (y down).
		out.Features = append(out.Features, fingerprint.Feature{X: float64(m.X), Y: float64(m.Y),
			Angle: -m.Direction, Type: uint8(m.T) + 1})
	}
	return out, n, nil
}
func (hybrid) match(a, b any) float64 { return ours{}.match(a, b) }
