package ui_test

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"aalogon/auth/aasim"
	"aalogon/ui"
)

// soakClock is the simulator's clock: each TOTP sign-in moves it on by one
// 30-second step, so that a code is never a replay of the last.
type soakClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *soakClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *soakClock) step() {
	c.mu.Lock()
	c.t = c.t.Add(30 * time.Second)
	c.mu.Unlock()
}

// soakSample is what the process holds after a number of sign-ins.
type soakSample struct {
	logons     int
	heap       uint64 // bytes in use after a collection
	rss        uint64 // bytes, from /proc/self/statm
	goroutines int
	fds        int
}

func takeSoakSample(logons int) soakSample {
	debug.FreeOSMemory() // a collection, and freed pages back to the system: RSS is then what is live
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s := soakSample{logons: logons, heap: m.HeapInuse, goroutines: runtime.NumGoroutine()}
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			pages, _ := strconv.ParseUint(f[1], 10, 64)
			s.rss = pages * uint64(os.Getpagesize())
		}
	}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		s.fds = len(fds)
	}
	return s
}

// TestSoak signs in and out through the controller the window uses, again
// and again (fingerprint, TOTP and push in turn), on the in-process
// simulator with the virtual reader, and fails on a leak: after a warm-up of
// 100 sign-ins, heap in use and RSS at the end must be within 5 % of the
// first sample, goroutines and open descriptors equal (RSS is judged only
// without the race detector, which make test runs it without too). 200
// sign-ins in `make test`; AALOGON_SOAK=1000 for the run in BENCHMARKS.md.
//
// Fyne's renderer cache lets go of widgets no longer shown only when its
// clean-up runs, which the real driver does on paints and Fyne's test
// driver on a canvas capture, and only for entries older than FYNE_CACHE
// (1 minute unless set, read once at start-up): the test runs itself again
// with FYNE_CACHE=1s and captures the canvas before each sample, as the
// window's paints would, so that what it measures is ours.
func TestSoak(t *testing.T) {
	if os.Getenv("FYNE_CACHE") == "" {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestSoak$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), "FYNE_CACHE=1s")
		out, err := cmd.CombinedOutput()
		t.Logf("%s", out)
		if err != nil {
			t.Fatalf("the soak run failed: %v", err)
		}
		return
	}
	n := 200
	if v := os.Getenv("AALOGON_SOAK"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 200 || n%100 != 0 {
			t.Fatalf("AALOGON_SOAK=%q: want a multiple of 100, at least 200", v)
		}
	}
	clock := &soakClock{t: time.Now()}
	h := newHarness(t, aasim.Config{Now: clock.Now}, ui.Options{})
	logon := func(i int) {
		switch i % 3 {
		case 0:
			h.signInAs("denis")
			h.password(aasim.DemoPassword)
			h.touchToSignIn()
		case 1:
			clock.step()
			h.signInAs("alice")
			h.chooseChain("LDAP + TOTP")
			h.password(aasim.DemoPassword)
			h.waitFor("the TOTP screen", func() bool { return h.c.OTP != nil })
			code := aasim.TOTP([]byte("12345678901234567890"), clock.Now())
			h.ui(func() { test.Type(h.c.OTP.Code, code); test.Tap(h.c.OTP.Submit) })
			h.waitSignedIn(`JAGUAR\alice`)
		case 2:
			h.signInAs("carol")
			h.chooseChain("LDAP + Smartphone")
			h.password(aasim.DemoPassword)
			h.waitFor("the approval", func() bool { return h.sim.Approve("carol") })
			h.waitSignedIn(`JAGUAR\carol`)
		}
		h.tap(h.c.SignedIn.SignOut)
		h.waitFor("the sign-in screen", func() bool { return h.c.SignedIn == nil || !h.c.SignIn.User.Disabled() })
		h.ui(func() { h.c.SignIn.User.SetText("") })
	}
	var samples []soakSample
	start := time.Now()
	lastClean := time.Time{}
	for i := 1; i <= n; i++ {
		logon(i)
		if i%100 == 0 {
			// Fyne cleans at most every 10 s, entries idle for 1 s.
			time.Sleep(max(1100*time.Millisecond, 10500*time.Millisecond-time.Since(lastClean)))
			h.ui(func() { h.w.Canvas().Capture() })
			lastClean = time.Now()
			samples = append(samples, takeSoakSample(i))
		}
	}
	if p := os.Getenv("AALOGON_SOAK_HEAP"); p != "" {
		f, _ := os.Create(p)
		runtime.GC()
		pprof.WriteHeapProfile(f)
		f.Close()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d sign-ins in %v\n| sign-ins | heap in use | RSS | goroutines | open fds |\n|---|---|---|---|---|\n", n, time.Since(start).Round(time.Second))
	for _, s := range samples {
		fmt.Fprintf(&b, "| %d | %.1f MiB | %.1f MiB | %d | %d |\n", s.logons, mib(s.heap), mib(s.rss), s.goroutines, s.fds)
	}
	t.Log("\n" + b.String())
	first, last := samples[0], samples[len(samples)-1]
	if grown(first.heap, last.heap) > 0.05 {
		t.Errorf("heap in use grew from %.1f to %.1f MiB (more than 5 %%)", mib(first.heap), mib(last.heap))
	}
	if first.rss > 0 && grown(first.rss, last.rss) > 0.05 {
		if raceBuild { // make test runs the soak again without it, and judges RSS there
			t.Logf("RSS grew from %.1f to %.1f MiB: not judged under the race detector", mib(first.rss), mib(last.rss))
		} else {
			t.Errorf("RSS grew from %.1f to %.1f MiB (more than 5 %%)", mib(first.rss), mib(last.rss))
		}
	}
	if last.goroutines != first.goroutines {
		t.Errorf("goroutines went from %d to %d", first.goroutines, last.goroutines)
	}
	if last.fds != first.fds {
		t.Errorf("open descriptors went from %d to %d", first.fds, last.fds)
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// grown is how much b exceeds a, as a share of a.
func grown(a, b uint64) float64 {
	if b <= a || a == 0 {
		return 0
	}
	return float64(b-a) / float64(a)
}
