package auth_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"aalogon/auth"
)

// TestOnlyHTTPSIsAccepted: the client and the registration refuse any
// scheme but https before a single byte is sent, so an administrator's
// password never travels in clear text.
func TestOnlyHTTPSIsAccepted(t *testing.T) {
	var hits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, `{"id":"x","secret":"y"}`)
	}))
	t.Cleanup(plain.Close)
	for _, raw := range []string{plain.URL + "/api/v1", "HTTP://" + strings.TrimPrefix(plain.URL, "http://"),
		"ftp://aa.example.com/api/v1", "ws://aa.example.com"} {
		t.Run(raw, func(t *testing.T) {
			_, err := auth.New(auth.Config{BaseURL: raw, EndpointID: "e", EndpointSecret: "s"})
			if !errors.Is(err, auth.ErrInsecureURL) {
				t.Errorf("New(%q) error = %v, want ErrInsecureURL", raw, err)
			}
			_, err = auth.Register(ctx(t), plain.Client(), raw, auth.Registration{Name: "pc",
				AdminUser: `LOCAL\admin`, AdminPass: "Admin#2026"})
			if !errors.Is(err, auth.ErrInsecureURL) {
				t.Errorf("Register(%q) error = %v, want ErrInsecureURL", raw, err)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the plain HTTP server got %d requests, want 0", n)
	}
	if _, err := auth.ParseBaseURL("https://admin:pw@aa.example.com/api/v1"); err == nil {
		t.Error("ParseBaseURL accepted a URL with a password in it")
	}
	if u, err := auth.ParseBaseURL(" https://aa.example.com/api/v1/ "); err != nil || u.String() != "https://aa.example.com/api/v1" {
		t.Errorf("ParseBaseURL = %v, %v; want https://aa.example.com/api/v1", u, err)
	}
}

// TestRedirectsAreNotFollowed: a 3xx from the API is an ErrRedirect naming
// the target; the body is never sent to the target (a 307 to http:// used
// to re-send the administrator's password there).
func TestRedirectsAreNotFollowed(t *testing.T) {
	var leaked atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Add(1)
		_, _ = io.WriteString(w, `{"id":"x","secret":"y","endpoint_session_id":"S","chains":[]}`)
	}))
	t.Cleanup(elsewhere.Close)
	for _, code := range []int{301, 302, 303, 307, 308} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, elsewhere.URL+r.URL.Path, code)
			}))
			t.Cleanup(ts.Close)
			_, err := auth.Register(ctx(t), ts.Client(), ts.URL+"/api/v1", auth.Registration{Name: "pc",
				AdminUser: `LOCAL\admin`, AdminPass: "Admin#2026"})
			var api *auth.APIError
			if !errors.Is(err, auth.ErrRedirect) || !errors.As(err, &api) || !strings.HasPrefix(api.Target, elsewhere.URL) {
				t.Fatalf("Register error = %v, want ErrRedirect naming %s", err, elsewhere.URL)
			}
			if errors.Is(err, auth.ErrBadRequest) || errors.Is(err, auth.ErrServer) {
				t.Errorf("a redirect also matches another sentinel: %v", err)
			}
			c, err := auth.New(auth.Config{BaseURL: ts.URL + "/api/v1", EndpointID: "e", EndpointSecret: "s",
				HTTPClient: ts.Client()})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Chains(ctx(t), "denis", ""); !errors.Is(err, auth.ErrRedirect) {
				t.Errorf("Chains error = %v, want ErrRedirect", err)
			}
		})
	}
	if n := leaked.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests, want 0", n)
	}
}
