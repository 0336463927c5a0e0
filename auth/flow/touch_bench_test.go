package flow_test

import (
	"context"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/device"
	"aalogon/device/capture"
	"aalogon/device/uru4000"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

// touchClock follows one finger through the client: when the touch began
// (the capture starts), when the image was decoded, when the record was
// ready, and when the FINGER request reached the server.
type touchClock struct {
	mu                               sync.Mutex
	touch, decoded, encoded, arrived time.Time
	touchCPU                         time.Duration // processCPU at the touch
	// sums over the logons so far
	decode, extract, send, cpu time.Duration
	n                          int
}

func (c *touchClock) mark(t *time.Time) {
	c.mu.Lock()
	*t = time.Now()
	c.mu.Unlock()
}

func (c *touchClock) markTouch() {
	cpu, _ := processCPU()
	c.mu.Lock()
	c.touch, c.touchCPU = time.Now(), cpu
	c.mu.Unlock()
}

func (c *touchClock) reset() {
	c.mu.Lock()
	c.decode, c.extract, c.send, c.cpu, c.n = 0, 0, 0, 0, 0
	c.mu.Unlock()
}

// arrive notes a do_logon that follows a finished record: the FINGER answer.
func (c *touchClock) arrive(r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/do_logon") {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.encoded.IsZero() {
		return // the password
	}
	c.arrived = time.Now()
	cpu, _ := processCPU()
	c.cpu += cpu - c.touchCPU
	c.decode += c.decoded.Sub(c.touch)
	c.extract += c.encoded.Sub(c.decoded)
	c.send += c.arrived.Sub(c.encoded)
	c.n++
	c.touch, c.decoded, c.encoded = time.Time{}, time.Time{}, time.Time{}
}

// replayFinger is the FINGER source of the product (capture.Source: the
// reader's image, extracted and encoded as ISO/IEC 19794-2) on a U.are.U
// 4500 replaying its usbmon recording: every Template opens the reader anew
// and replays the whole capture, from the finger-on interrupt to the image.
type replayFinger struct {
	recs  []usb.Record
	dev   *usb.DeviceFile
	clock *touchClock
}

func (f *replayFinger) Template(ctx context.Context) ([]byte, error) {
	f.clock.markTouch()
	rep := usb.NewReplay(f.recs, usb.ReplayOptions{Bus: f.dev.Bus, Dev: f.dev.Dev, EndpointTypes: f.dev.EndpointTypes})
	r, err := uru4000.Open(rep, f.dev.VID, f.dev.PID, uru4000.Options{Rand: uru4000.EmulationRand()})
	if err != nil {
		return nil, err
	}
	src := capture.Source{Capture: func(ctx context.Context, events chan<- device.Event) (*device.Sample, error) {
		s, err := r.Capture(ctx, events)
		f.clock.mark(&f.clock.decoded)
		return s, err
	}}
	rec, err := src.Template(ctx)
	f.clock.mark(&f.clock.encoded)
	return rec, err
}

// BenchmarkTouchToAnswer measures, on one core (GOMAXPROCS 1, whatever
// -cpu says), how long the client takes from a touch on a U.are.U 4500 to
// the FINGER answer reaching the server: the replayed capture and its
// decoding (decode-ms), minutiae extraction and the ISO record
// (extract-ms), and the request (send-ms: JSON, base64, TLS, loopback).
// Each operation is a whole LDAP + FINGER logon on a warm endpoint
// session; ns/op includes the password step and the simulator, the
// touch-ms/answer metric does not. touch-cpu-ms/answer is the CPU time the
// process spent meanwhile: on a busy machine, where the wall time includes
// waiting for the core, it is the client's own work. The simulator accepts any record: the
// server's verdict is not what is measured. Target: touch-ms/answer ≤ 150.
func BenchmarkTouchToAnswer(b *testing.B) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	dir, err := shared.Path("usb-recordings/uru4500")
	if err != nil {
		b.Fatal(err)
	}
	recs, err := usb.ReadPcapng(filepath.Join(dir, "capture.pcapng"))
	if err != nil {
		b.Fatal(err)
	}
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		b.Fatal(err)
	}
	acceptAny := func(probe, enrolled []byte) (int, bool, error) { return 100, true, nil }
	h, cfg := benchServer(b, aasim.Config{LockoutThreshold: -1, Matcher: acceptAny})
	clock := &touchClock{}
	h.onRequest = clock.arrive
	c, err := auth.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	f := benchFlow(b, c, &replayFinger{recs: recs, dev: dev, clock: clock})
	ctx := context.Background()
	if _, err := f.Run(ctx, flow.Request{User: "denis", Event: event}); err != nil {
		b.Fatal(err)
	}
	clock.reset()
	for b.Loop() {
		if _, err := f.Run(ctx, flow.Request{User: "denis", Event: event}); err != nil {
			b.Fatal(err)
		}
	}
	clock.mu.Lock()
	defer clock.mu.Unlock()
	if clock.n != b.N {
		b.Fatalf("%d FINGER answers for %d logons", clock.n, b.N)
	}
	ms := func(d time.Duration) float64 { return d.Seconds() * 1e3 / float64(clock.n) }
	b.ReportMetric(ms(clock.decode), "decode-ms")
	b.ReportMetric(ms(clock.extract), "extract-ms")
	b.ReportMetric(ms(clock.send), "send-ms")
	b.ReportMetric(ms(clock.decode+clock.extract+clock.send), "touch-ms/answer")
	if _, ok := processCPU(); ok {
		b.ReportMetric(ms(clock.cpu), "touch-cpu-ms/answer")
	}
}
