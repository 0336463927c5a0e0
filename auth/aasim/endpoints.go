package aasim

import (
	"crypto/subtle"
	"net/http"
	"regexp"
	"strings"
	"time"

	"aalogon/auth"
)

type endpoint struct {
	id, name, desc string
	secret         auth.Secret
}

type epSession struct {
	id, endpointID string
	created        time.Time
	lastUsed       time.Time
}

// AddEndpoint registers an endpoint directly, as an installer would through
// POST /endpoints, and returns it.
func (s *Sim) AddEndpoint(name string) auth.Endpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	ep := &endpoint{id: hexID(s.newID()), name: name,
		secret: auth.Secret(s.newID())}
	s.endpoints[ep.id] = ep
	return auth.Endpoint{ID: ep.id, Secret: ep.secret}
}

// ExpireEndpointSessions deletes every endpoint session, as the server does
// when they time out; the next call of a client gets HTTP 433.
func (s *Sim) ExpireEndpointSessions() {
	s.mu.Lock()
	s.sessions = map[string]*epSession{}
	s.mu.Unlock()
}

func (s *Sim) registerEndpoint(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name       string `json:"name"`
		Desc       string `json:"desc"`
		TenantName string `json:"tenant_name"`
		AuthData   struct {
			MethodID string `json:"method_id"`
			UserName string `json:"user_name"`
			Password string `json:"password"`
		} `json:"auth_data"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if in.Name == "" {
		writeError(w, http.StatusBadRequest, apiErr{location: "body", name: "name", desc: "Required"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.data
	userOK := strings.EqualFold(in.AuthData.UserName, d.AdminUser)
	passOK := subtle.ConstantTimeCompare([]byte(in.AuthData.Password), []byte(d.AdminPassword)) == 1
	if !userOK || !passOK || (in.TenantName != "" && !strings.EqualFold(in.TenantName, d.TenantName)) {
		writeError(w, http.StatusBadRequest, apiErr{msgid: "AASIM-1104", desc: "Invalid credentials",
			reason: "BAD_CREDENTIALS"})
		return
	}
	for _, ep := range s.endpoints {
		if ep.name == in.Name {
			writeError(w, http.StatusConflict, apiErr{msgid: "AASIM-1108", desc: "Endpoint already exists",
				reason: "ENDPOINT_EXISTS"})
			return
		}
	}
	ep := &endpoint{id: hexID(s.newID()), name: in.Name, desc: in.Desc, secret: auth.Secret(s.newID())}
	s.endpoints[ep.id] = ep
	writeJSON(w, http.StatusOK, map[string]string{"id": ep.id, "secret": ep.secret.Reveal()})
}

var hash64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (s *Sim) createSession(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Salt string `json:"salt"`
		Hash string `json:"endpoint_secret_hash"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	switch {
	case in.Salt == "":
		writeError(w, http.StatusBadRequest, apiErr{location: "body", name: "salt", desc: "Required"})
		return
	case !hash64.MatchString(in.Hash):
		// The documented answer carries no msgid (aa-api.md §1, §11).
		writeError(w, http.StatusBadRequest, apiErr{location: "body", name: "endpoint_secret_hash",
			desc: "String does not match expected pattern"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ep, ok := s.endpoints[r.PathValue("id")]
	if !ok {
		writeError(w, http.StatusBadRequest, apiErr{msgid: "AASIM-1106", desc: "Endpoint is not found",
			reason: "ENDPOINT_NOT_FOUND"})
		return
	}
	want := auth.SessionHash(ep.id, ep.secret, in.Salt)
	if subtle.ConstantTimeCompare([]byte(want), []byte(in.Hash)) != 1 {
		writeError(w, http.StatusBadRequest, apiErr{location: "body", name: "endpoint_secret_hash",
			msgid: "AASIM-1105", desc: "Endpoint secret hash is wrong", reason: "WRONG_HASH"})
		return
	}
	now := s.cfg.Now()
	es := &epSession{id: s.newID(), endpointID: ep.id, created: now, lastUsed: now}
	s.sessions[es.id] = es
	writeJSON(w, http.StatusOK, map[string]string{"endpoint_session_id": es.id})
}

func (s *Sim) readSession(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	es := s.pathSession(w, r)
	if es == nil {
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"endpoint_session_id": es.id, "endpoint_id": es.endpointID,
		"created": es.created.UTC().Format(timeLayout)})
}

func (s *Sim) deleteSession(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	es := s.pathSession(w, r)
	if es == nil {
		return
	}
	delete(s.sessions, es.id)
	writeJSON(w, http.StatusOK, nil)
}

// pathSession returns the endpoint session named by the path
// (/endpoints/{id}/sessions/{sid}), or answers 433. The caller holds s.mu.
func (s *Sim) pathSession(w http.ResponseWriter, r *http.Request) *epSession {
	es := s.liveSession(r.PathValue("sid"))
	if es == nil || es.endpointID != r.PathValue("id") {
		writeError(w, auth.StatusEndpointSessionGone, errEndpointSessionGone)
		return nil
	}
	return es
}

// liveSession returns the endpoint session id if it exists and has not
// expired, touching it. The caller holds s.mu.
func (s *Sim) liveSession(id string) *epSession {
	es, ok := s.sessions[id]
	if !ok {
		return nil
	}
	now := s.cfg.Now()
	if now.Sub(es.lastUsed) > s.cfg.EndpointSessionTTL {
		delete(s.sessions, id)
		return nil
	}
	es.lastUsed = now
	return es
}

// timeLayout is the server's timestamp form, "2018-09-26T15:30:00.201926".
const timeLayout = "2006-01-02T15:04:05.000000"
