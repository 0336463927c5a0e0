package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
)

// Chains lists the chains user may take for event (GET /logon/chains, §2.2).
func (c *Client) Chains(ctx context.Context, user, event string) (*ChainList, error) {
	var out ChainList
	q := url.Values{"user_name": {user}, "is_trusted": {"true"}}
	if event != "" {
		q.Set("event", event)
	}
	err := c.call(ctx, request{op: "list chains", method: http.MethodGet, path: "/logon/chains",
		query: q, session: true, out: &out})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Start starts a logon process for user at event with the first method of
// the chain to walk (POST /logon, §2.1). A FAILED step is returned as a step,
// not an error; Step.Err converts it.
func (c *Client) Start(ctx context.Context, user, event string, first MethodID) (*Step, error) {
	body := struct {
		MethodID MethodID `json:"method_id"`
		UserName string   `json:"user_name"`
		Event    string   `json:"event,omitempty"`
	}{first, user, event}
	return c.step(ctx, "logon", "/logon", body)
}

// DoLogon answers the current method of process p (POST /logon/{p}/do_logon,
// §2.3) with resp, built by Answer, Answers, Capture, Kick or Poll.
func (c *Client) DoLogon(ctx context.Context, p ProcessID, resp Response) (*Step, error) {
	var body any = struct{}{}
	if !resp.omit {
		body = struct {
			Response json.RawMessage `json:"response"`
		}{resp.raw}
	}
	return c.step(ctx, "do_logon", "/logon/"+url.PathEscape(string(p))+"/do_logon", body)
}

// Next moves process p to method m after a NEXT status (§2.4).
func (c *Client) Next(ctx context.Context, p ProcessID, m MethodID) (*Step, error) {
	body := struct {
		MethodID MethodID `json:"method_id"`
	}{m}
	return c.step(ctx, "next", "/logon/"+url.PathEscape(string(p))+"/next", body)
}

// Abort deletes logon process p (DELETE /logon/{p}, §2.5). A process the
// server no longer knows is not an error.
func (c *Client) Abort(ctx context.Context, p ProcessID) error {
	err := c.call(ctx, request{op: "cancel logon", method: http.MethodDelete,
		path: "/logon/" + url.PathEscape(string(p)), session: true})
	if isGone(err, ErrProcessGone) {
		return nil
	}
	return err
}

func (c *Client) step(ctx context.Context, op, path string, body any) (*Step, error) {
	var st Step
	if err := c.call(ctx, request{op: op, method: http.MethodPost, path: path, body: body,
		session: true, out: &st}); err != nil {
		return nil, err
	}
	if st.Status == "" {
		return nil, fmt.Errorf("auth: %s: %w: no status", op, ErrMalformedResponse)
	}
	return &st, nil
}

// LoginSession reads login session s (GET /logon/sessions/{s}, §2.5).
func (c *Client) LoginSession(ctx context.Context, s LoginSessionID) (*LoginSession, error) {
	var out LoginSession
	err := c.call(ctx, request{op: "read login session", method: http.MethodGet,
		path: "/logon/sessions/" + url.PathEscape(string(s)), session: true, out: &out})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Logout deletes login session s (DELETE /logon/sessions/{s}, §2.5). A
// session that is already gone is not an error.
func (c *Client) Logout(ctx context.Context, s LoginSessionID) error {
	err := c.call(ctx, request{op: "sign out", method: http.MethodDelete,
		path: "/logon/sessions/" + url.PathEscape(string(s)), session: true})
	if isGone(err, ErrLoginSessionGone) {
		return nil
	}
	return err
}

// Templates lists the authenticators enrolled by user userID, with login
// session s as credential (GET /users/{id}/templates, §6).
func (c *Client) Templates(ctx context.Context, userID string, s LoginSessionID) ([]Template, error) {
	var out struct {
		Templates []Template `json:"templates"`
	}
	err := c.call(ctx, request{op: "list authenticators", method: http.MethodGet,
		path:  "/users/" + url.PathEscape(userID) + "/templates",
		query: url.Values{"login_session_id": {string(s)}}, out: &out})
	if err != nil {
		return nil, err
	}
	return out.Templates, nil
}

func isGone(err, sentinel error) bool {
	return err != nil && errors.Is(err, sentinel)
}

// Response is the method-specific "response" of do_logon (aa-api.md §3). The
// zero Response is Poll.
type Response struct {
	raw  json.RawMessage
	omit bool
}

// Answer is {"answer": s}: LDAP_PASSWORD, PASSWORD, RADIUS, TOTP, HOTP,
// EMERG_PASSWORD and the sent OTPs.
func Answer(s Secret) Response {
	b, _ := json.Marshal(struct {
		Answer string `json:"answer"`
	}{s.Reveal()})
	return Response{raw: b}
}

// Answers is {"answers": {id: answer}} for SECQUEST.
func Answers(answers map[string]Secret) Response {
	ids := make([]string, 0, len(answers))
	for id := range answers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	m := make(map[string]string, len(answers))
	for _, id := range ids {
		m[id] = answers[id].Reveal()
	}
	b, _ := json.Marshal(struct {
		Answers map[string]string `json:"answers"`
	}{m})
	return Response{raw: b}
}

// Capture is {"capture": {"ISO": base64(record), "captureStatus": "OK"}}
// for FINGER, where record is an ISO/IEC 19794-2 finger minutiae record.
func Capture(record []byte) Response {
	b, _ := json.Marshal(struct {
		Capture struct {
			ISO    string `json:"ISO"`
			Status string `json:"captureStatus"`
		} `json:"capture"`
	}{Capture: struct {
		ISO    string `json:"ISO"`
		Status string `json:"captureStatus"`
	}{base64.StdEncoding.EncodeToString(record), "OK"}})
	return Response{raw: b}
}

// Kick is "response": null, which makes the server send an OTP, a push or
// the security questions (§3).
func Kick() Response { return Response{raw: json.RawMessage("null")} }

// Poll sends no response at all: it asks for the state of a pending method.
func Poll() Response { return Response{omit: true} }
