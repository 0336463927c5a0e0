package aasim_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"aalogon/auth/aasim"
)

// faultServer serves a simulator with f injected and returns a client of it
// with timeout.
func faultServer(t *testing.T, f aasim.Fault, timeout time.Duration) (*httptest.Server, *http.Client) {
	t.Helper()
	sim := aasim.New(aasim.Config{})
	sim.Inject(f)
	ts := httptest.NewTLSServer(sim)
	t.Cleanup(ts.Close)
	hc := ts.Client()
	hc.Timeout = timeout
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return ts, hc
}

func post(t *testing.T, ts *httptest.Server, hc *http.Client) (*http.Response, string, error) {
	t.Helper()
	resp, err := hc.Post(ts.URL+"/api/v1/logon", "application/json", strings.NewReader(`{"user_name":"denis"}`))
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

func TestFaultBodyAndRedirectAnswerAsInjected(t *testing.T) {
	for _, tc := range []struct {
		name               string
		fault              aasim.Fault
		code               int
		body, ctype, where string
	}{
		{"cut JSON", aasim.Fault{Kind: aasim.FaultBody, Body: `{"status":"NE`}, 200, `{"status":"NE`, "application/json", ""},
		{"HTML page", aasim.Fault{Kind: aasim.FaultBody, Status: 502, Body: "<html>bad gateway</html>"}, 502,
			"<html>bad gateway</html>", "text/html", ""},
		{"redirect", aasim.Fault{Kind: aasim.FaultRedirect, Target: "https://elsewhere.example/"}, 307, "", "",
			"https://elsewhere.example/"},
		{"documented 444", aasim.Fault{Kind: aasim.FaultStatus, Status: 444}, 444, "AUCORE-1001", "application/json", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, hc := faultServer(t, tc.fault, 5*time.Second)
			resp, body, err := post(t, ts, hc)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.code || !strings.Contains(body, tc.body) {
				t.Errorf("answer = %d %q, want %d with %q", resp.StatusCode, body, tc.code, tc.body)
			}
			if ct := resp.Header.Get("Content-Type"); tc.ctype != "" && ct != tc.ctype {
				t.Errorf("Content-Type = %q, want %q", ct, tc.ctype)
			}
			if loc := resp.Header.Get("Location"); loc != tc.where {
				t.Errorf("Location = %q, want %q", loc, tc.where)
			}
		})
	}
}

func TestFaultOversizeSendsTheSizeAsked(t *testing.T) {
	ts, hc := faultServer(t, aasim.Fault{Kind: aasim.FaultOversize, Size: 3 << 20}, 10*time.Second)
	_, body, err := post(t, ts, hc)
	if err != nil {
		t.Fatal(err)
	}
	if len(body) != 3<<20 || !strings.HasSuffix(body, `"}`) {
		t.Errorf("body of %d bytes, want %d ending the JSON object", len(body), 3<<20)
	}
}

// TestFaultSlowSendsEveryByteLate: the answer is the simulator's own, in
// full, but a client with a deadline shorter than the trickle gives up.
func TestFaultSlowSendsEveryByteLate(t *testing.T) {
	ts, hc := faultServer(t, aasim.Fault{Kind: aasim.FaultSlow, Delay: time.Millisecond, Times: 1}, 10*time.Second)
	start := time.Now()
	resp, body, err := post(t, ts, hc)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 433 || time.Since(start) < time.Duration(len(body))*time.Millisecond {
		t.Errorf("answer %d of %d bytes in %v, want the simulator's 433, at least 1 ms a byte",
			resp.StatusCode, len(body), time.Since(start))
	}
	ts2, quick := faultServer(t, aasim.Fault{Kind: aasim.FaultSlow, Delay: 50 * time.Millisecond}, 200*time.Millisecond)
	if _, _, err := post(t, ts2, quick); err == nil {
		t.Error("a client with a 200 ms timeout read a 50 ms-a-byte answer whole")
	}
}

// TestFaultLatencyEndsWhenTheClientGivesUp: a silent server must notice a
// client that gave up on a POST, or closing the server waits for the whole
// delay (it hung the test process for an hour).
func TestFaultLatencyEndsWhenTheClientGivesUp(t *testing.T) {
	sim := aasim.New(aasim.Config{})
	sim.Inject(aasim.Fault{Kind: aasim.FaultLatency, Delay: time.Hour})
	ts := httptest.NewTLSServer(sim)
	hc := ts.Client()
	hc.Timeout = 100 * time.Millisecond
	if _, _, err := post(t, ts, hc); err == nil {
		t.Fatal("the client got an answer from a server silent for an hour")
	}
	closed := make(chan struct{})
	go func() { ts.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the server still waits on the request the client gave up on")
	}
}
