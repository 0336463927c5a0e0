package auth

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinel errors to branch on with errors.Is. APIError and the transport
// errors returned by Client match them.
var (
	// ErrEndpointSessionGone: HTTP 433, AUCORE-1063 (aa-api.md §1). The
	// Client renews the session and retries once before returning it.
	ErrEndpointSessionGone = errors.New("auth: endpoint session not found")
	// ErrLoginSessionGone: HTTP 434, AUCORE-1066 or AUCORE-1067 (§2.5).
	ErrLoginSessionGone = errors.New("auth: login session not found or expired")
	// ErrProcessGone: HTTP 444, AUCORE-1001 (§2.5). The logon must start over.
	ErrProcessGone = errors.New("auth: logon process not found")
	// ErrUserNotFound: HTTP 400, AUCORE-1056 (§2.1).
	ErrUserNotFound = errors.New("auth: user not found")
	// ErrEndpointRefused: the server refused to open an endpoint session
	// (any HTTP 4xx to POST /endpoints/{id}/sessions, §1): the endpoint id
	// or secret is wrong or no longer registered. Retrying cannot help; an
	// administrator must register the computer again.
	ErrEndpointRefused = errors.New("auth: endpoint registration not accepted")
	// ErrBadRequest: any HTTP 4xx that no sentinel above names.
	ErrBadRequest = errors.New("auth: request refused")
	// ErrRedirect: the server answered with a redirect (HTTP 3xx). The
	// client follows none; APIError.Target names where it pointed.
	ErrRedirect = errors.New("auth: the server redirected the request")
	// ErrInsecureURL: the server URL is not https. The client sends
	// nothing over any other scheme.
	ErrInsecureURL = errors.New("auth: server URL must use https")
	// ErrServer: HTTP 5xx.
	ErrServer = errors.New("auth: server error")
	// ErrFailed: a FAILED answer (HTTP 200) to a logon step (§2.3).
	ErrFailed = errors.New("auth: step failed")
	// ErrUnreachable: the server could not be reached, or the connection
	// broke before a whole response arrived.
	ErrUnreachable = errors.New("auth: server unreachable")
	// ErrCertificate: the server's certificate was refused (unknown
	// authority, wrong host, expired, or no configured pin matched).
	ErrCertificate = errors.New("auth: server certificate refused")
	// ErrMalformedResponse: the response was not the JSON expected, was
	// truncated, or was larger than the 1 MiB cap.
	ErrMalformedResponse = errors.New("auth: malformed response")
)

// Message ids the client branches on (aa-api.md §4).
const (
	MsgProcessNotFound      = "AUCORE-1001"
	MsgProcessStarted       = "AUCORE-1008"
	MsgUserNotFound         = "AUCORE-1056"
	MsgEndpointSessionGone  = "AUCORE-1063"
	MsgLoginSessionNotFound = "AUCORE-1066"
	MsgLoginSessionExpired  = "AUCORE-1067"
	MsgNextMethod           = "AUCORE-1091"
	MsgWelcome              = "AUCORE-2001"
	MsgPasswordWrong        = "AUCORE-2007"
	MsgSecQuestWaiting      = "AUCORE-2046"
)

// HTTP status codes of the AuCore API beyond the standard ones (§4).
const (
	StatusEndpointSessionGone = 433
	StatusLoginSessionGone    = 434
	StatusProcessGone         = 444
)

// APIError is an error answer of the server: an HTTP error with the body
// {"status":"error","errors":[…],"reason":…}, or a FAILED step (HTTP 200).
// Description is the server's text, already localised by Accept-Language.
type APIError struct {
	Op          string // the call, e.g. "do_logon"
	HTTPStatus  int
	Status      string // "error", or "FAILED" for a failed step
	MsgID       string
	Reason      string
	Description string
	Name        string // errors[0].name: "AuError" or the offending field
	Location    string // errors[0].location: "server" or "body"
	// Target is the Location header of a redirect (HTTP 3xx), as sent.
	Target string
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("auth: %s: HTTP %d", e.Op, e.HTTPStatus)
	if e.Status == StatusFailed {
		s = fmt.Sprintf("auth: %s: FAILED", e.Op)
	}
	if e.Target != "" {
		s += " redirect to " + e.Target
	}
	if e.MsgID != "" {
		s += " " + e.MsgID
	}
	if e.Reason != "" {
		s += " " + e.Reason
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// Is matches exactly one sentinel error, so that a caller branching on one
// meaning never catches another: the HTTP status decides, refined by the
// call (an endpoint session refused) and the message id (user not found).
func (e *APIError) Is(target error) bool {
	return target != nil && target == e.kind()
}

// opCreateSession is the Op of POST /endpoints/{id}/sessions.
const opCreateSession = "create endpoint session"

func (e *APIError) kind() error {
	code := e.HTTPStatus
	switch {
	case e.Status == StatusFailed:
		return ErrFailed
	case code >= 300 && code < 400:
		return ErrRedirect
	case code == StatusEndpointSessionGone:
		return ErrEndpointSessionGone
	case code == StatusLoginSessionGone:
		return ErrLoginSessionGone
	case code == StatusProcessGone:
		return ErrProcessGone
	case code >= 400 && code < 500 && e.Op == opCreateSession:
		return ErrEndpointRefused
	case code == http.StatusBadRequest && (e.MsgID == MsgUserNotFound || e.Reason == "USER_NOT_FOUND"):
		return ErrUserNotFound
	case code >= 400 && code < 500:
		return ErrBadRequest
	case code >= 500:
		return ErrServer
	}
	return nil
}
