package aasim

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind is a kind of injected failure.
type FaultKind int

// The faults a Sim can inject.
const (
	// FaultLatency delays the answer by Fault.Delay, then answers normally.
	FaultLatency FaultKind = iota
	// FaultStatus answers Fault.Status (503 when zero) with the documented
	// error body {"status":"error","errors":[{location,name,description}]}.
	FaultStatus
	// FaultDrop closes the connection without an answer.
	FaultDrop
	// FaultMalformed answers 200 with a body that is not JSON.
	FaultMalformed
	// FaultTruncate promises a longer body than it sends, then closes.
	FaultTruncate
	// FaultOversize answers 200 with a valid JSON body of 2 MiB.
	FaultOversize
)

func (k FaultKind) String() string {
	return [...]string{"latency", "status", "drop", "malformed", "truncate", "oversize"}[k]
}

// Fault describes an injected failure.
type Fault struct {
	Kind FaultKind
	// Route limits the fault to one route pattern, e.g.
	// "POST /api/v1/logon/{id}/do_logon". Empty: every API route.
	Route  string
	Status int
	Delay  time.Duration
	// Times is how many requests the fault hits. Zero: until ClearFaults.
	Times int
}

type faultRule struct {
	Fault
	left int
}

// Inject adds a fault. Faults apply in the order injected; the first that
// matches a request is used.
func (s *Sim) Inject(f Fault) {
	s.mu.Lock()
	s.faults = append(s.faults, &faultRule{Fault: f, left: f.Times})
	s.mu.Unlock()
}

// ClearFaults removes every injected fault.
func (s *Sim) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// takeFault returns the fault for a request to pattern, using up one of its
// times. The caller holds s.mu.
func (s *Sim) takeFault(pattern string) *faultRule {
	for i, f := range s.faults {
		if f.Route != "" && f.Route != pattern {
			continue
		}
		if f.Times > 0 {
			f.left--
			if f.left <= 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return f
	}
	return nil
}

// apply carries out the fault. It returns false when the request should then
// be served normally (latency).
func (f *faultRule) apply(w http.ResponseWriter, r *http.Request) bool {
	switch f.Kind {
	case FaultLatency:
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
		}
		return false
	case FaultStatus:
		code := f.Status
		if code == 0 {
			code = http.StatusServiceUnavailable
		}
		writeError(w, code, apiErr{desc: http.StatusText(code) + " (injected fault)"})
	case FaultDrop:
		panic(http.ErrAbortHandler) // the server closes the connection
	case FaultMalformed:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status": "MORE_DATA", "msg": oops}`))
	case FaultTruncate:
		body := `{"status":"MORE_DATA","msg":"Process has been started","chains":[`
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)+500))
		_, _ = w.Write([]byte(body))
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler)
	case FaultOversize:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"MORE_DATA","msg":"` + strings.Repeat("x", 2<<20) + `"}`))
	}
	return true
}
