package aasim

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"aalogon/auth"
)

type userState struct {
	*User
	failures     int
	lockedUntil  time.Time
	lastTOTPStep int64
	hotpCounter  uint64
}

func (u *userState) locked(now time.Time) bool { return now.Before(u.lockedUntil) }

type process struct {
	id         string
	user       *userState
	event      *Event
	policy     auth.Policy
	chains     []auth.Chain // every chain of the user for the event
	candidates []auth.Chain // chains consistent with the methods walked so far
	completed  []auth.MethodID
	current    auth.MethodID
	passed     bool // current passed; waiting for /next
	lastUsed   time.Time

	otp       string // sent OTP
	otpSent   time.Time
	questions []string // security question ids asked
	push      *push
}

type push struct {
	created time.Time
	state   pushState
}

type pushState int

const (
	pushPending pushState = iota
	pushApproved
	pushRejected
)

type loginSession struct {
	id      string
	user    *userState
	event   *Event
	chain   auth.Chain
	created time.Time
}

// findUser resolves "denis", `JAGUAR\denis` or "denis@jaguar" to a user. The
// caller holds s.mu.
func (s *Sim) findUser(name string) *userState {
	repo, bare, ok := strings.Cut(name, `\`)
	if !ok {
		repo, bare = "", name
	}
	bare, _, _ = strings.Cut(bare, "@")
	u := s.users[strings.ToLower(strings.TrimSpace(bare))]
	if u == nil || (repo != "" && !strings.EqualFold(repo, u.Repo)) {
		return nil
	}
	return u
}

// findEvent returns the named event; "" is the first event. The caller
// holds s.mu.
func (s *Sim) findEvent(name string) *Event {
	for i := range s.data.Events {
		if name == "" || strings.EqualFold(s.data.Events[i].Name, name) {
			return &s.data.Events[i]
		}
	}
	return nil
}

// userChains lists the enabled chains of ev whose methods u has all enrolled,
// with their positions in ev (from 0). The caller holds s.mu.
func (s *Sim) userChains(u *userState, ev *Event) []auth.Chain {
	out := []auth.Chain{}
	for pos, name := range ev.Chains {
		for _, c := range s.data.Chains {
			if c.Name == name && u.CanTake(c) {
				out = append(out, s.wireChain(c, pos))
			}
		}
	}
	return out
}

func (s *Sim) wireChain(c Chain, position int) auth.Chain {
	id, image := c.ID, c.ImageName
	if id == "" {
		id = hexID("chain:" + c.Name)
	}
	if image == "" {
		image = "default"
	}
	return auth.Chain{IDHex: id, TenantID: s.data.TenantID, IsEnabled: true, Name: c.Name,
		ShortName: c.ShortName, Methods: append([]auth.MethodID{}, c.Methods...), Position: position,
		ImageName: image, MFATags: []string{}, RiskLevel: "NONE"}
}

func (s *Sim) listChains(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.liveSession(q.Get("endpoint_session_id")) == nil {
		writeError(w, auth.StatusEndpointSessionGone, errEndpointSessionGone)
		return
	}
	u := s.findUser(q.Get("user_name"))
	if u == nil {
		writeError(w, http.StatusBadRequest, errUserNotFound)
		return
	}
	ev := s.findEvent(q.Get("event"))
	if ev == nil {
		writeError(w, http.StatusBadRequest, errEventNotFound)
		return
	}
	if u.locked(s.cfg.Now()) {
		writeJSON(w, http.StatusOK, map[string]bool{"user_is_locked": true})
		return
	}
	writeJSON(w, http.StatusOK, auth.ChainList{Chains: s.userChains(u, ev)})
}

var errEventNotFound = apiErr{msgid: "AASIM-1107", desc: "Event is not found", reason: "EVENT_NOT_FOUND"}

func (s *Sim) startLogon(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MethodID auth.MethodID `json:"method_id"`
		UserName string        `json:"user_name"`
		Event    string        `json:"event"`
		SID      string        `json:"endpoint_session_id"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.bodySession(w, in.SID) {
		return
	}
	if in.MethodID == "" {
		writeError(w, http.StatusBadRequest, apiErr{location: "body", name: "method_id", desc: "Required"})
		return
	}
	u := s.findUser(in.UserName)
	if u == nil {
		writeError(w, http.StatusBadRequest, errUserNotFound)
		return
	}
	ev := s.findEvent(in.Event)
	if ev == nil {
		writeError(w, http.StatusBadRequest, errEventNotFound)
		return
	}
	now := s.cfg.Now()
	p := &process{id: s.newID(), user: u, event: ev, policy: s.data.Policy, chains: s.userChains(u, ev),
		current: in.MethodID, lastUsed: now}
	if u.locked(now) {
		writeJSON(w, http.StatusOK, s.lockedStep(p))
		return
	}
	for _, c := range p.chains {
		if c.Methods[0] == in.MethodID {
			p.candidates = append(p.candidates, c)
		}
	}
	if len(p.candidates) == 0 {
		writeError(w, http.StatusBadRequest, apiErr{msgid: "AASIM-1101", desc: "No chain for this method",
			reason: "NO_CHAIN"})
		return
	}
	s.processes[p.id] = p
	st := s.stepFor(p, auth.StatusMoreData, "Process has been started", "PROCESS_STARTED", auth.MsgProcessStarted)
	policy := p.policy
	st.LogonHints = &auth.LogonHints{Policy: &policy}
	writeJSON(w, http.StatusOK, st)
}

// liveProcess returns the process if it exists and has not expired,
// touching it, and otherwise answers 444. The caller holds s.mu.
func (s *Sim) liveProcess(w http.ResponseWriter, id string) *process {
	p, ok := s.processes[id]
	now := s.cfg.Now()
	if ok && now.Sub(p.lastUsed) > s.cfg.ProcessTTL {
		delete(s.processes, id)
		ok = false
	}
	if !ok {
		writeError(w, auth.StatusProcessGone, errProcessGone)
		return nil
	}
	p.lastUsed = now
	return p
}

func (s *Sim) doLogon(w http.ResponseWriter, r *http.Request) {
	var in struct {
		SID      string          `json:"endpoint_session_id"`
		Response json.RawMessage `json:"response"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.sessionProcess(w, r, in.SID)
	if p == nil {
		return
	}
	now := s.cfg.Now()
	if p.user.locked(now) {
		writeJSON(w, http.StatusOK, s.lockedStep(p))
		return
	}
	if p.passed {
		writeError(w, http.StatusBadRequest, apiErr{msgid: "AASIM-1103", reason: "WRONG_STATE",
			desc: "Not allowed in this state: continue with the next method"})
		return
	}
	v := s.verify(p, in.Response)
	v.msg = localize(r, v.msg)
	switch v.kind {
	case verdictBadRequest:
		writeError(w, http.StatusBadRequest, apiErr{location: "body", name: "response", desc: v.msg})
	case verdictMore:
		st := s.stepFor(p, auth.StatusMoreData, v.msg, v.reason, v.msgid)
		st.Questions = v.questions
		writeJSON(w, http.StatusOK, st)
	case verdictFail:
		p.user.failures++
		if t := s.cfg.LockoutThreshold; t > 0 && p.user.failures >= t {
			p.user.lockedUntil = now.Add(s.cfg.LockoutDuration)
			p.user.failures = 0
		}
		writeJSON(w, http.StatusOK, s.stepFor(p, auth.StatusFailed, v.msg, v.reason, v.msgid))
	case verdictPass:
		p.user.failures = 0
		writeJSON(w, http.StatusOK, s.pass(p, v.score))
	}
}

// pass records that the current method passed and answers NEXT, or OK with
// a new login session when a chain is complete. The caller holds s.mu.
func (s *Sim) pass(p *process, score *int) *auth.Step {
	p.completed = append(p.completed, p.current)
	p.passed = true
	p.otp, p.questions, p.push = "", nil, nil
	var done *auth.Chain
	var rest []auth.Chain
	for _, c := range p.candidates {
		if len(c.Methods) == len(p.completed) {
			if done == nil {
				done = &c
			}
			continue
		}
		rest = append(rest, c)
	}
	if done == nil {
		p.candidates = rest
		st := s.stepFor(p, auth.StatusNext, "Welcome. Continue with the next login method", "", auth.MsgNextMethod)
		st.UserInfo = userInfo(s.data, p.user)
		st.LogonHints = &auth.LogonHints{}
		return st
	}
	now := s.cfg.Now()
	ls := &loginSession{id: s.newID(), user: p.user, event: p.event, chain: *done, created: now}
	s.logins[ls.id] = ls
	delete(s.processes, p.id)
	st := s.stepFor(p, auth.StatusOK, "Welcome", "", auth.MsgWelcome)
	st.UserInfo = userInfo(s.data, p.user)
	st.LoginSessionID = auth.LoginSessionID(ls.id)
	st.CompletedChain = done
	st.Score = score
	st.Plugins = []string{"LdapRules"}
	return st
}

func (s *Sim) lockedStep(p *process) *auth.Step {
	return s.stepFor(p, auth.StatusFailed, "User is locked", "USER_LOCKED", "AASIM-2101")
}

func (s *Sim) next(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MethodID auth.MethodID `json:"method_id"`
		SID      string        `json:"endpoint_session_id"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.sessionProcess(w, r, in.SID)
	if p == nil {
		return
	}
	if !p.passed {
		writeError(w, http.StatusBadRequest, apiErr{msgid: "AASIM-1103", reason: "WRONG_STATE",
			desc: "Not allowed in this state: the current method is not done"})
		return
	}
	var keep []auth.Chain
	for _, c := range p.candidates {
		if c.Methods[len(p.completed)] == in.MethodID {
			keep = append(keep, c)
		}
	}
	if len(keep) == 0 {
		writeError(w, http.StatusBadRequest, apiErr{msgid: "AASIM-1102", reason: "WRONG_METHOD",
			desc: "Method is not next in the chain"})
		return
	}
	p.candidates, p.current, p.passed = keep, in.MethodID, false
	st := s.stepFor(p, auth.StatusMoreData, "Process has been started", "PROCESS_STARTED", auth.MsgProcessStarted)
	st.LogonHints = &auth.LogonHints{}
	writeJSON(w, http.StatusOK, st)
}

func (s *Sim) abortLogon(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.querySession(w, r) {
		return
	}
	p := s.liveProcess(w, r.PathValue("id"))
	if p == nil {
		return
	}
	delete(s.processes, p.id)
	writeJSON(w, http.StatusOK, nil)
}

// bodySession checks an endpoint_session_id (from a POST body or a query),
// answering 433 when it is gone. The caller holds s.mu.
func (s *Sim) bodySession(w http.ResponseWriter, sid string) bool {
	if s.liveSession(sid) == nil {
		writeError(w, auth.StatusEndpointSessionGone, errEndpointSessionGone)
		return false
	}
	return true
}

// sessionProcess checks the endpoint session, then returns the logon
// process of the path, answering 433 or 444. The caller holds s.mu.
func (s *Sim) sessionProcess(w http.ResponseWriter, r *http.Request, sid string) *process {
	if !s.bodySession(w, sid) {
		return nil
	}
	return s.liveProcess(w, r.PathValue("id"))
}

// querySession checks the endpoint_session_id of a GET or DELETE, answering
// answering 433 when it is gone. The caller holds s.mu.
func (s *Sim) querySession(w http.ResponseWriter, r *http.Request) bool {
	return s.bodySession(w, r.URL.Query().Get("endpoint_session_id"))
}

// liveLogin returns the login session, or answers 434. The caller holds s.mu.
func (s *Sim) liveLogin(w http.ResponseWriter, id string) *loginSession {
	ls, ok := s.logins[id]
	if !ok {
		writeError(w, auth.StatusLoginSessionGone, errLoginNotFound)
		return nil
	}
	if s.cfg.Now().Sub(ls.created) > s.cfg.LoginSessionTTL {
		delete(s.logins, id)
		writeError(w, auth.StatusLoginSessionGone, errLoginExpired)
		return nil
	}
	return ls
}

func (s *Sim) readLogin(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.querySession(w, r) {
		return
	}
	ls := s.liveLogin(w, r.PathValue("id"))
	if ls == nil {
		return
	}
	info := userInfo(s.data, ls.user)
	writeJSON(w, http.StatusOK, auth.LoginSession{EventName: ls.event.Name, DataID: strings.ToUpper(ls.event.Name),
		UserName: info.UserName, UserID: info.UserID, RepoID: info.RepoID, RepoObjID: info.RepoObjID,
		Created: ls.created.UTC().Format(timeLayout), ChainID: ls.chain.IDHex, UserGroups: json.RawMessage("[]")})
}

func (s *Sim) deleteLogin(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.querySession(w, r) {
		return
	}
	ls := s.liveLogin(w, r.PathValue("id"))
	if ls == nil {
		return
	}
	delete(s.logins, ls.id)
	writeJSON(w, http.StatusOK, nil)
}

// stepFor builds the process shape every logon answer carries. The caller
// holds s.mu.
func (s *Sim) stepFor(p *process, status, msg, reason, msgid string) *auth.Step {
	return &auth.Step{Status: status, Msg: msg, Reason: reason, MsgID: msgid, Plugins: []string{},
		Chains: p.chains, CurrentMethod: p.current, CompletedMethods: append([]auth.MethodID{}, p.completed...),
		LogonProcessID: auth.ProcessID(p.id), EventName: p.event.Name, EventType: eventType(p.event),
		EventAllCategories: true, EventDataID: strings.ToUpper(p.event.Name), DataID: strings.ToUpper(p.event.Name)}
}

func eventType(ev *Event) string {
	if ev.Type == "" {
		return "Generic"
	}
	return ev.Type
}

func userInfo(d *Data, u *userState) auth.UserInfo {
	full := u.Repo + `\` + u.Name
	domain := strings.ToLower(u.Repo) + ".example"
	return auth.UserInfo{UserID: u.ID(), UserName: full, RepoID: hexID("repo:" + u.Repo),
		RepoObjID: hexID("obj:" + u.Name), UserMobilePhone: u.Mobile, UserEmail: u.Email,
		UserNameNetbios: full, TenantName: d.TenantName, UserRoleAssignments: json.RawMessage("[]"),
		UserCN: u.Name, UserUPN: u.Name + "@" + domain,
		UserDN:        "CN=" + u.Name + ",CN=Users,DC=" + strings.ToLower(u.Repo) + ",DC=example",
		UserFirstName: u.FirstName}
}

func (s *Sim) listTemplates(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ls := s.liveLogin(w, r.URL.Query().Get("login_session_id"))
	if ls == nil {
		return
	}
	if ls.user.ID() != r.PathValue("id") {
		writeError(w, http.StatusBadRequest, apiErr{msgid: "AASIM-1110", desc: "Not allowed for this user",
			reason: "WRONG_USER"})
		return
	}
	out := []auth.Template{}
	for _, m := range methodOrder {
		if !ls.user.Enrolled(m) {
			continue
		}
		t := auth.Template{ID: hexID("template:" + ls.user.Name + ":" + string(m)), MethodID: m,
			MethodTitle: methodTitles[m], IsEnrolled: true}
		if m == auth.MethodFinger {
			t.Data, _ = json.Marshal(map[string][]int{"finger_positions": ls.user.fingerPositions()})
		}
		out = append(out, t)
	}
	writeJSON(w, http.StatusOK, map[string][]auth.Template{"templates": out})
}

var methodOrder = []auth.MethodID{auth.MethodLDAPPassword, auth.MethodPassword, auth.MethodFinger,
	auth.MethodTOTP, auth.MethodHOTP, auth.MethodSMSOTP, auth.MethodEmailOTP, auth.MethodVoiceOTP,
	auth.MethodSecQuest, auth.MethodSmartphone, auth.MethodVoice, auth.MethodRADIUS, auth.MethodEmergPassword}

var methodTitles = map[auth.MethodID]string{
	auth.MethodLDAPPassword: "LDAP password", auth.MethodPassword: "Password", auth.MethodFinger: "Fingerprint",
	auth.MethodTOTP: "TOTP", auth.MethodHOTP: "HOTP", auth.MethodSMSOTP: "SMS OTP", auth.MethodEmailOTP: "Email OTP",
	auth.MethodVoiceOTP: "Voice OTP", auth.MethodSecQuest: "Security Questions", auth.MethodSmartphone: "Smartphone",
	auth.MethodVoice: "Voice", auth.MethodRADIUS: "RADIUS Client", auth.MethodEmergPassword: "Emergency Password",
}
