package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// SessionHash returns the endpoint_secret_hash for creating an endpoint
// session (aa-api.md §1): hex(sha256(secret + hex(sha256(id + salt)))).
func SessionHash(endpointID string, secret Secret, salt string) string {
	inner := sha256.Sum256([]byte(endpointID + salt))
	outer := sha256.Sum256([]byte(secret.Reveal() + hex.EncodeToString(inner[:])))
	return hex.EncodeToString(outer[:])
}

// EndpointSession returns the current endpoint session id, creating one
// when there is none (POST /endpoints/{id}/sessions, §1).
func (c *Client) EndpointSession(ctx context.Context) (string, error) {
	return c.endpointSession(ctx)
}

func (c *Client) endpointSession(ctx context.Context) (string, error) {
	c.mu.Lock()
	sid := c.session
	c.mu.Unlock()
	if sid != "" {
		return sid, nil
	}
	var salt [32]byte
	if _, err := io.ReadFull(c.cfg.Rand, salt[:]); err != nil {
		return "", fmt.Errorf("auth: create endpoint session: salt: %w", err)
	}
	saltHex := hex.EncodeToString(salt[:])
	body := struct {
		Salt        string   `json:"salt"`
		Hash        string   `json:"endpoint_secret_hash"`
		SessionData struct{} `json:"session_data"`
	}{Salt: saltHex, Hash: SessionHash(c.cfg.EndpointID, c.cfg.EndpointSecret, saltHex)}
	var out struct {
		ID string `json:"endpoint_session_id"`
	}
	err := c.roundTrip(ctx, request{op: opCreateSession, method: http.MethodPost,
		path: "/endpoints/" + url.PathEscape(c.cfg.EndpointID) + "/sessions", body: body, out: &out}, "")
	if err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", fmt.Errorf("auth: create endpoint session: %w: no endpoint_session_id", ErrMalformedResponse)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.session == "" { // a concurrent call may have won; keep one session
		c.session = out.ID
	}
	return c.session, nil
}

// dropSession forgets sid if it is still the current session.
func (c *Client) dropSession(sid string) {
	c.mu.Lock()
	if c.session == sid {
		c.session = ""
	}
	c.mu.Unlock()
}

// CloseSession deletes the endpoint session on the server, if there is one
// (DELETE /endpoints/{id}/sessions/{sid}; the path is inferred, §1).
func (c *Client) CloseSession(ctx context.Context) error {
	c.mu.Lock()
	sid := c.session
	c.session = ""
	c.mu.Unlock()
	if sid == "" {
		return nil
	}
	return c.roundTrip(ctx, request{op: "delete endpoint session", method: http.MethodDelete,
		path: "/endpoints/" + url.PathEscape(c.cfg.EndpointID) + "/sessions/" + url.PathEscape(sid)}, "")
}

// closeTimeout bounds Close, which also runs after cancellation.
const closeTimeout = 3 * time.Second

// Close ends the endpoint session the client opened, if any, so that it
// does not linger on the server until it expires (§1: the server deletes
// expired sessions; DELETE is listed in the 5.1 API, path inferred). Call
// it once the program is done with the server: the terminal after its
// logon, the window when it closes. It runs even when ctx is already
// cancelled, for at most 3 s; a session the server already dropped is not
// an error. A later call opens a new session.
func (c *Client) Close(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeTimeout)
	defer cancel()
	err := c.CloseSession(ctx)
	if errors.Is(err, ErrEndpointSessionGone) {
		return nil
	}
	return err
}
