// Command fingerprint compares AA Logon's fingerprint engine with
// go-sourceafis v0.0.2-beta on FVC sets, side by side in one run and
// single-threaded (the engines take turns on each image and each pair, so
// that a noisy machine weighs on both alike), by the protocol of
// shared/fpdata/README.md:
//
//	go run . -data DIR -sets fvc2002_db1_b,fvc2002_db2_b@569,fvc2004_db1_b,fvc2004_db3_b@512
//
// Each set is DIR/NAME/NNN_I.png (NAME@DPI; 500 dpi by default), with the
// third-party record of each image in DIR/NAME/iso/NNN_I.iso. Genuine pairs:
// every impression pair of a finger (i<j). Impostor pairs: every image pair
// of different fingers. It prints, per set as each set finishes, a line per
// engine, then per engine a pooled line:
//
//	RESULT engine=ours set=pooled eer=… fnmr_fmr1=… fnmr_fmr01=… extract_ms=… match_ms=… minutiae=…
//
// then THRESHOLD lines: the scores reached by 1 % and 0.1 % of the impostor
// pairs, per set and pooled (fingerprint.Threshold comes from the pooled
// 0.1 % of the real sets). -engines picks the engines, as the server side
// would pair a record maker (left of ">") with a matcher (right):
//
//   - ours: our extractor and matcher;
//   - sourceafis: go-sourceafis's extractor and matcher;
//   - hybrid: go-sourceafis's minutiae with our matcher, to tell extractor
//     from matcher;
//   - ours>sourceafis: our ISO record bytes (encoded and decoded, what the
//     server gets) imported into go-sourceafis and matched by it;
//   - secugen>ours, secugen>sourceafis: the third-party (SecuGen SDK)
//     records of iso/, their coordinates mapped back to the image, matched
//     by our matcher and by go-sourceafis's (interop.go says how).
//
// For the secugen engines "extract" is reading and mapping the record.
// -small instead measures how often captures of few minutiae match their
// finger (small.go), the evidence behind fingerprint.MinFeatures.
// -j N works on N cores for a quick accuracy check, whose times are then
// not comparable.
//
// This is its own module so that go-sourceafis never enters the product.
package main

import (
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

	"aalogon/internal/shared"
)

type set struct {
	name string
	dpi  float64
}

type sample struct {
	finger, impression int
	img                *image.Gray
	iso                []byte // the third-party record of iso/, nil when absent
}

// engine extracts templates and compares them.
type engine interface {
	name() string
	extract(s sample, dpi float64) (any, int, error) // template, minutiae
	match(a, b any) float64
}

type result struct {
	genuine, impostor []float64
	extractMS         []float64
	matchMS           []float64
	minutiae          []float64
}

func main() {
	data := flag.String("data", "", "folder holding the sets (default: the shared fpdata folder beside the repository, or $AALOGON_SHARED/fpdata)")
	sets := flag.String("sets", "fvc2002_db1_b,fvc2002_db2_b@569,fvc2004_db1_b,fvc2004_db3_b@512", "sets, NAME[@DPI]")
	engines := flag.String("engines", "ours,sourceafis", "engines to run")
	small := flag.Bool("small", false, "instead: how often small captures match, per minutia count (small.go)")
	flag.IntVar(&jobs, "j", 1, "parallel jobs; above 1 the times are not comparable (accuracy only)")
	flag.Parse()
	runtime.GOMAXPROCS(jobs)
	if *data == "" {
		p, err := shared.Path("fpdata")
		if err != nil {
			fail("%v", err)
		}
		*data = p
	}

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
	if *small {
		smallCaptures(*data, ss)
		return
	}
	var es []engine
	var sa *sourceAFIS // one go-sourceafis for every engine that uses it
	afis := func() *sourceAFIS {
		if sa == nil {
			sa = newSourceAFIS()
		}
		return sa
	}
	for _, e := range strings.Split(*engines, ",") {
		switch e {
		case "ours":
			es = append(es, ours{})
		case "sourceafis":
			es = append(es, afis())
		case "hybrid": // diagnostic: go-sourceafis's minutiae, our matcher
			es = append(es, hybrid{afis()})
		case "ours>sourceafis":
			es = append(es, oursInSourceAFIS{afis()})
		case "secugen>ours":
			es = append(es, secugenInOurs{})
		case "secugen>sourceafis":
			es = append(es, secugenInSourceAFIS{afis()})
		default:
			fail("unknown engine %q", e)
		}
	}
	// The engines take turns on every image and every pair, so that a
	// machine that slows down or speeds up during the run slows them alike.
	// Each set's lines are printed as soon as it is done.
	results := make([][]*result, len(ss)) // per set, per engine
	thresholds := make([][]string, len(es))
	for k, s := range ss {
		results[k] = run(es, load(filepath.Join(*data, s.name)), s.dpi)
		for ei, e := range es {
			thresholds[ei] = append(thresholds[ei], report(e.name(), s.name, results[k][ei]))
		}
	}
	for ei, e := range es {
		pooled := &result{}
		for k := range ss {
			r := results[k][ei]
			pooled.genuine = append(pooled.genuine, r.genuine...)
			pooled.impostor = append(pooled.impostor, r.impostor...)
			pooled.extractMS = append(pooled.extractMS, r.extractMS...)
			pooled.matchMS = append(pooled.matchMS, r.matchMS...)
			pooled.minutiae = append(pooled.minutiae, r.minutiae...)
		}
		thresholds[ei] = append(thresholds[ei], report(e.name(), "pooled", pooled))
	}
	for _, ts := range thresholds {
		for _, t := range ts {
			fmt.Println(t)
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
		iso, err := os.ReadFile(filepath.Join(dir, "iso", fmt.Sprintf("%d_%d.iso", fg, imp)))
		if err != nil && !os.IsNotExist(err) {
			fail("%v", err)
		}
		out = append(out, sample{fg, imp, g, iso})
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
			t, n, err := e.extract(s, dpi)
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
