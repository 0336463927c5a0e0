package flow_test

import (
	"context"
	"net/http"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
)

// timedSim serves a simulator and sums what its handler costs, so that a
// benchmark can subtract the server's share from a logon: the wall time
// spent in ServeHTTP and the heap objects and bytes allocated meanwhile.
// The flow sends one request at a time, so the client is waiting while the
// handler runs; what the client's HTTP transport does in its own goroutines
// during that time is counted as the server's. TLS and net/http on the
// server's side of the connection run outside ServeHTTP and are counted as
// the client's: the split errs towards a larger client share.
type timedSim struct {
	sim *aasim.Sim
	// onRequest, when set, is called as a request arrives, before the
	// simulator sees it.
	onRequest func(r *http.Request)

	mu      sync.Mutex
	busy    time.Duration
	objects uint64
	bytes   uint64
}

func (h *timedSim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.onRequest != nil {
		h.onRequest(r)
	}
	objects, bytes := heapAllocs()
	start := time.Now()
	h.sim.ServeHTTP(w, r)
	busy := time.Since(start)
	objects2, bytes2 := heapAllocs()
	h.mu.Lock()
	h.busy += busy
	h.objects += objects2 - objects
	h.bytes += bytes2 - bytes
	h.mu.Unlock()
}

// take returns the sums so far and sets them to zero.
func (h *timedSim) take() (busy time.Duration, objects, bytes uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	busy, objects, bytes = h.busy, h.objects, h.bytes
	h.busy, h.objects, h.bytes = 0, 0, 0
	return busy, objects, bytes
}

// heapAllocs returns the heap objects (tiny ones included, as
// testing's allocs/op counts them) and bytes allocated by the whole program
// so far, from runtime/metrics: exact, and without stopping the world.
func heapAllocs() (objects, bytes uint64) {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:objects"}, {Name: "/gc/heap/tiny/allocs:objects"},
		{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64() + s[1].Value.Uint64(), s[2].Value.Uint64()
}

// benchPrompter gives the demo password and forgets what it is shown, so
// that it adds nothing that grows with b.N.
type benchPrompter struct{}

func (benchPrompter) Ask(context.Context, flow.Question) (auth.Secret, error) {
	return aasim.DemoPassword, nil
}
func (benchPrompter) Show(flow.Notice)       {}
func (benchPrompter) Progress(flow.Progress) {}

// benchServer serves a timed simulator over HTTPS on loopback, as the demo
// does, and returns the configuration of a client of it: each auth.New of
// it starts without an endpoint session, on the same connection pool.
func benchServer(b *testing.B, cfg aasim.Config) (*timedSim, auth.Config) {
	b.Helper()
	h := &timedSim{sim: aasim.New(cfg)}
	srv, err := aasim.Serve("127.0.0.1:0", h)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	ep := h.sim.AddEndpoint("bench")
	hc, err := auth.NewHTTPClient(auth.TLSOptions{CAPEM: srv.CAPEM})
	if err != nil {
		b.Fatal(err)
	}
	return h, auth.Config{BaseURL: srv.URL, EndpointID: ep.ID, EndpointSecret: ep.Secret, HTTPClient: hc}
}

func benchFlow(b *testing.B, c *auth.Client, finger flow.FingerprintSource) *flow.Flow {
	b.Helper()
	f, err := flow.New(flow.Config{Client: c, Prompter: benchPrompter{}, Fingerprint: finger})
	if err != nil {
		b.Fatal(err)
	}
	return f
}

func requests(sim *aasim.Sim) int {
	n := 0
	for _, v := range sim.Counts() {
		n += v
	}
	return n
}

// BenchmarkLogon runs whole LDAP + FINGER logons of denis against the
// in-process simulator over HTTPS and reports the client's own share of
// each: wall time minus the simulator handler's time (client-ms/logon),
// heap allocations minus the handler's, and the requests sent, which must
// be exactly 5 on a fresh endpoint session (session, logon, do_logon,
// next, do_logon) and 4 on a warm one. On a busy machine the wall times
// include waiting for a core; cpu-ms/logon, the CPU time of client and
// simulator together, bounds the client's own work from above. FINGER sends a fixed record: the
// capture's cost is BenchmarkTouchToAnswer's, and the simulator compares it
// byte for byte (aasim.ExactMatcher): the minutiae matcher's time and
// garbage are the server's, and its garbage would slow the client through
// the collector. Target: client-ms/logon ≤ 2.
func BenchmarkLogon(b *testing.B) {
	record := aasim.DemoFingerprint("denis")
	for _, tc := range []struct {
		name     string
		fresh    bool // a new client, without an endpoint session, for every logon
		requests int
	}{
		{name: "fresh", fresh: true, requests: 5},
		{name: "warm", fresh: false, requests: 4},
	} {
		b.Run(tc.name, func(b *testing.B) {
			h, cfg := benchServer(b, aasim.Config{LockoutThreshold: -1, Matcher: aasim.ExactMatcher})
			c, err := auth.New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			f := benchFlow(b, c, staticFinger(record))
			// The client's goroutines (the flow's and its HTTP transport's,
			// started within) carry side=client, the simulator's do not:
			// with -cpuprofile, `go tool pprof -tagfocus side=client` shows
			// the client's own CPU.
			pprof.Do(context.Background(), pprof.Labels("side", "client"), func(ctx context.Context) {
				// One logon first: the TLS handshake, and for "warm" the session.
				if _, err := f.Run(ctx, flow.Request{User: "denis", Event: event}); err != nil {
					b.Fatal(err)
				}
				h.sim.ResetCounts()
				h.take()
				objects, bytes := heapAllocs()
				cpu, cpuOK := processCPU()
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					if tc.fresh {
						c, err := auth.New(cfg)
						if err != nil {
							b.Fatal(err)
						}
						f = benchFlow(b, c, staticFinger(record))
					}
					if _, err := f.Run(ctx, flow.Request{User: "denis", Event: event}); err != nil {
						b.Fatal(err)
					}
					n++
				}
				elapsed := b.Elapsed()
				cpu2, _ := processCPU()
				objects2, bytes2 := heapAllocs()
				busy, simObjects, simBytes := h.take()
				if got := requests(h.sim); got != tc.requests*n {
					b.Fatalf("%d requests for %d logons, want exactly %d per logon: %v", got, n, tc.requests, h.sim.Counts())
				}
				per := float64(n)
				b.ReportMetric(float64(tc.requests), "requests/logon")
				b.ReportMetric((elapsed-busy).Seconds()*1e3/per, "client-ms/logon")
				b.ReportMetric(busy.Seconds()*1e3/per, "sim-ms/logon")
				if cpuOK { // both ends: the client's CPU time is at most this
					b.ReportMetric((cpu2-cpu).Seconds()*1e3/per, "cpu-ms/logon")
				}
				b.ReportMetric(float64(objects2-objects-simObjects)/per, "client-allocs/logon")
				b.ReportMetric(float64(bytes2-bytes-simBytes)/per, "client-B/logon")
			})
		})
	}
}
