package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// MaxResponseBytes caps every response body; a larger one is an
// ErrMalformedResponse.
const MaxResponseBytes = 1 << 20

// Config configures a Client. BaseURL, EndpointID and EndpointSecret are
// required; every other field has a documented zero value.
type Config struct {
	// BaseURL is the API root, e.g. "https://aa.example.com/api/v1".
	BaseURL string
	// EndpointID and EndpointSecret come from endpoint registration (§1).
	EndpointID     string
	EndpointSecret Secret
	// HTTPClient sends the requests. If nil, NewHTTPClient(TLSOptions{}) is
	// used: system roots, TLS 1.2 or later, proxy from the environment.
	HTTPClient *http.Client
	// Language is sent as Accept-Language; the server localises msg with
	// it. Empty: no header.
	Language string
	// UserAgent is sent as User-Agent. Empty: "aalogon".
	UserAgent string
	// Timeout bounds a call whose context has no deadline. Zero: 30 s.
	Timeout time.Duration
	// Rand draws the salts of the endpoint-session hash. Nil: crypto/rand.
	Rand io.Reader
	// Log receives one debug line per call (operation, HTTP status, msgid,
	// duration), never a body. Nil: discard.
	Log *slog.Logger
}

// Client is a client of the AA logon API. It is safe for concurrent use.
type Client struct {
	cfg  Config
	base *url.URL
	http *http.Client
	log  *slog.Logger

	mu      sync.Mutex
	session string // current endpoint session id; "" until created
}

// New returns a Client for cfg. It makes no request: the endpoint session is
// created by the first call that needs it.
func New(cfg Config) (*Client, error) {
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.EndpointID == "" || cfg.EndpointSecret.IsZero() {
		return nil, errors.New("auth: endpoint id and secret are required (register the endpoint first)")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		if hc, err = NewHTTPClient(TLSOptions{}); err != nil {
			return nil, err
		}
	}
	// A copy that follows no redirect: a 3xx comes back as an answer and
	// becomes ErrRedirect, so no request (and no body) ever goes anywhere
	// but BaseURL. The caller's client is left as it is.
	noRedirect := *hc
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c := &Client{cfg: cfg, base: base, http: &noRedirect, log: cfg.Log}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.cfg.Timeout == 0 {
		c.cfg.Timeout = 30 * time.Second
	}
	if c.cfg.Rand == nil {
		c.cfg.Rand = rand.Reader
	}
	if c.cfg.UserAgent == "" {
		c.cfg.UserAgent = "aalogon"
	}
	return c, nil
}

// ParseBaseURL checks a server URL the way New does and returns it without
// a trailing slash: an absolute https URL with a host. Anything else is an
// error; another scheme is ErrInsecureURL. It is the one place that decides
// whether the client may talk to a URL, so a caller validating a URL typed
// by a person (registration, settings) uses it before anything is sent.
func ParseBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("auth: no server URL configured")
	}
	base, err := url.Parse(strings.TrimRight(strings.TrimSpace(raw), "/"))
	if err != nil || base.Host == "" {
		return nil, errors.New("auth: the server URL is not an absolute URL")
	}
	if !strings.EqualFold(base.Scheme, "https") {
		return nil, fmt.Errorf("%w (got %s://%s)", ErrInsecureURL, base.Scheme, base.Host)
	}
	base.Scheme = "https"
	if base.User != nil {
		return nil, errors.New("auth: the server URL must not carry a user name or password")
	}
	return base, nil
}

// BaseURL returns the API root the client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

// SetLanguage changes the Accept-Language of later calls.
func (c *Client) SetLanguage(lang string) {
	c.mu.Lock()
	c.cfg.Language = lang
	c.mu.Unlock()
}

// request describes one API call. body and query may hold the placeholder
// sessionParam, replaced by the endpoint session id of each attempt.
type request struct {
	op     string // short name for errors and logs
	method string
	path   string // below BaseURL, e.g. "/logon"
	query  url.Values
	body   any
	// session: the call carries endpoint_session_id (in the query for GET
	// and DELETE, in the body otherwise) and is retried once on 433.
	session bool
	out     any
}

// call runs r, creating or renewing the endpoint session as needed.
func (c *Client) call(ctx context.Context, r request) error {
	if !r.session {
		return c.roundTrip(ctx, r, "")
	}
	sid, err := c.endpointSession(ctx)
	if err != nil {
		return err
	}
	err = c.roundTrip(ctx, r, sid)
	if !errors.Is(err, ErrEndpointSessionGone) {
		return err
	}
	c.log.Debug("endpoint session gone, renewing", "op", r.op)
	c.dropSession(sid)
	if sid, err = c.endpointSession(ctx); err != nil {
		return err
	}
	return c.roundTrip(ctx, r, sid)
}

// roundTrip sends r once with endpoint session sid and decodes the answer.
func (c *Client) roundTrip(ctx context.Context, r request, sid string) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.cfg.Timeout)
		defer cancel()
	}
	u := *c.base
	u.Path += r.path
	q := url.Values{}
	for k, v := range r.query {
		q[k] = v
	}
	var body io.Reader
	switch {
	case r.body != nil:
		b, err := json.Marshal(r.body)
		if err != nil {
			return fmt.Errorf("auth: %s: encode request: %w", r.op, err)
		}
		if sid != "" {
			b = withSession(b, sid)
		}
		body = bytes.NewReader(b)
	case sid != "" && (r.method == http.MethodPost || r.method == http.MethodPut):
		body = strings.NewReader(`{"endpoint_session_id":` + quote(sid) + `}`)
	case sid != "":
		q.Set("endpoint_session_id", sid)
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return fmt.Errorf("auth: %s: %w", r.op, err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	c.mu.Lock()
	if c.cfg.Language != "" {
		req.Header.Set("Accept-Language", c.cfg.Language)
	}
	c.mu.Unlock()

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.log.Debug("api call", "op", r.op, "error", transportKind(err), "ms", time.Since(start).Milliseconds())
		return transportError(r.op, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return fmt.Errorf("auth: %s: %w: body cut short: %w", r.op, ErrUnreachable, err)
	}
	if len(data) > MaxResponseBytes {
		return fmt.Errorf("auth: %s: %w: body larger than %d bytes", r.op, ErrMalformedResponse, MaxResponseBytes)
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		c.log.Debug("api call", "op", r.op, "http", resp.StatusCode, "ms", time.Since(start).Milliseconds())
		return &APIError{Op: r.op, HTTPStatus: resp.StatusCode, Target: redirectTarget(resp),
			Description: http.StatusText(resp.StatusCode)}
	}
	err = decode(r.op, resp.StatusCode, data, r.out)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		c.log.Debug("api call", "op", r.op, "http", resp.StatusCode, "msgid", apiErr.MsgID,
			"reason", apiErr.Reason, "ms", time.Since(start).Milliseconds())
	} else {
		c.log.Debug("api call", "op", r.op, "http", resp.StatusCode, "ms", time.Since(start).Milliseconds())
	}
	return err
}

// redirectTarget is where a redirect pointed, without any user:password
// the server put in it.
func redirectTarget(resp *http.Response) string {
	loc, err := resp.Location()
	if err != nil {
		return "(no location)"
	}
	return loc.Redacted()
}

// decode turns an answer into out, or into the error it carries.
func decode(op string, code int, data []byte, out any) error {
	if apiErr := decodeError(op, code, data); apiErr != nil {
		return apiErr
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("auth: %s: %w: %s", op, ErrMalformedResponse, describeJSONError(err))
	}
	return nil
}

// decodeError returns the APIError an answer carries, or nil for a success.
// A 2xx body with "status":"error" is an error too (aa-api.md §11).
func decodeError(op string, code int, data []byte) *APIError {
	var eb errorBody
	jsonErr := json.Unmarshal(data, &eb)
	if code < 300 && (jsonErr != nil || eb.Status != statusError) {
		return nil
	}
	e := &APIError{Op: op, HTTPStatus: code, Status: eb.Status, Reason: eb.Reason,
		Name: eb.Name, Description: eb.Description}
	if len(eb.Errors) > 0 {
		first := eb.Errors[0]
		e.MsgID, e.Name, e.Location, e.Description = first.MsgID, first.Name, first.Location, first.Description
	}
	if code < 300 {
		e.HTTPStatus = http.StatusBadRequest // "status":"error" in a 2xx: treat as refused
	}
	if e.Description == "" {
		e.Description = http.StatusText(code)
	}
	return e
}

// describeJSONError says what was wrong with a body without quoting it.
func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "body truncated"
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q has the wrong type (%s)", typ.Field, typ.Value)
	}
	return "invalid JSON"
}

// transportError classifies a failed round trip.
func transportError(op string, err error) error {
	if isCertificateError(err) {
		return fmt.Errorf("auth: %s: %w: %w", op, ErrCertificate, err)
	}
	return fmt.Errorf("auth: %s: %w: %w", op, ErrUnreachable, err)
}

func transportKind(err error) string {
	if isCertificateError(err) {
		return "certificate"
	}
	return "network"
}

func isCertificateError(err error) bool {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
		alert    tls.AlertError
	)
	return errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verify) || errors.As(err, &alert) || errors.Is(err, errPinMismatch)
}

// withSession adds "endpoint_session_id" to a JSON object body.
func withSession(body []byte, sid string) []byte {
	body = bytes.TrimSpace(body)
	if len(body) < 2 || body[0] != '{' {
		return body
	}
	field := `"endpoint_session_id":` + quote(sid)
	if string(body) == "{}" {
		return []byte("{" + field + "}")
	}
	return append([]byte("{"+field+","), body[1:]...)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
