package aasim

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"aalogon/auth"
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
	// FaultOversize answers 200 with a valid JSON body of Fault.Size
	// bytes (2 MiB when zero).
	FaultOversize
	// FaultBody answers Fault.Status (200 when zero) with Fault.Body as it
	// is, a complete response: a JSON object cut short, an HTML page of a
	// proxy, a status or a chain the client does not know.
	FaultBody
	// FaultRedirect answers Fault.Status (307 when zero) with a Location
	// header of Fault.Target.
	FaultRedirect
	// FaultSlow serves the request normally, then sends the answer one
	// byte at a time, Fault.Delay before each: a server that is never
	// silent for long but never done.
	FaultSlow
)

func (k FaultKind) String() string {
	return [...]string{"latency", "status", "drop", "malformed", "truncate", "oversize", "body", "redirect",
		"slow"}[k]
}

// Fault describes an injected failure.
type Fault struct {
	Kind FaultKind
	// Route limits the fault to one route pattern, e.g.
	// "POST /api/v1/logon/{id}/do_logon". Empty: every API route.
	Route string
	// Status is the HTTP status of FaultStatus, FaultBody and
	// FaultRedirect; each says its zero value.
	Status int
	// Delay is FaultLatency's wait, and FaultSlow's before each byte.
	Delay time.Duration
	// Times is how many requests the fault hits. Zero: until ClearFaults.
	Times int
	// Body is FaultBody's answer.
	Body string
	// Target is FaultRedirect's Location.
	Target string
	// Size is FaultOversize's body length in bytes. Zero: 2 MiB.
	Size int
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
// be served normally (latency). ServeHTTP carries out FaultSlow itself.
func (f *faultRule) apply(w http.ResponseWriter, r *http.Request) bool {
	switch f.Kind {
	case FaultLatency:
		// The server notices a client that went away only once the
		// request body has been read to its end: read it, and keep it
		// for the handler.
		if b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1)); err == nil {
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			panic(http.ErrAbortHandler) // the client gave up: no late answer
		}
		return false
	case FaultStatus:
		code := f.Status
		if code == 0 {
			code = http.StatusServiceUnavailable
		}
		writeError(w, code, documented(code))
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
		size := f.Size
		if size == 0 {
			size = 2 << 20
		}
		const head, tail = `{"status":"MORE_DATA","msg":"`, `"}`
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(head + strings.Repeat("x", max(size-len(head)-len(tail), 0)) + tail))
	case FaultBody:
		code := f.Status
		if code == 0 {
			code = http.StatusOK
		}
		ctype := "application/json"
		if strings.HasPrefix(strings.TrimSpace(f.Body), "<") {
			ctype = "text/html"
		}
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(code)
		_, _ = w.Write([]byte(f.Body))
	case FaultRedirect:
		code := f.Status
		if code == 0 {
			code = http.StatusTemporaryRedirect
		}
		w.Header().Set("Location", f.Target)
		w.WriteHeader(code)
	}
	return true
}

// documented is the error body the server sends with code: the documented
// one for the AuCore codes (433, 434, 444; aa-api.md §4), else the status
// text marked as injected.
func documented(code int) apiErr {
	switch code {
	case auth.StatusEndpointSessionGone:
		return errEndpointSessionGone
	case auth.StatusLoginSessionGone:
		return errLoginNotFound
	case auth.StatusProcessGone:
		return errProcessGone
	}
	return apiErr{desc: http.StatusText(code) + " (injected fault)"}
}

// slowWriter holds an answer until trickle sends it.
type slowWriter struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (s *slowWriter) Header() http.Header { return s.header }

func (s *slowWriter) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.body.Write(b)
}

func (s *slowWriter) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
}

// trickle sends the held answer to w one byte at a time, delay before
// each, until the client goes away.
func (s *slowWriter) trickle(w http.ResponseWriter, r *http.Request, delay time.Duration) {
	for k, v := range s.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(s.body.Len()))
	if s.code == 0 {
		s.code = http.StatusOK
	}
	w.WriteHeader(s.code)
	fl, _ := w.(http.Flusher)
	for _, b := range s.body.Bytes() {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		if _, err := w.Write([]byte{b}); err != nil {
			return
		}
		if fl != nil {
			fl.Flush()
		}
	}
}
