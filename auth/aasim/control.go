package aasim

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"aalogon/auth"
)

// Message is an OTP the simulator "sent" by SMS, e-mail or voice call.
type Message struct {
	User   string        `json:"user"`
	Method auth.MethodID `json:"method"`
	To     string        `json:"to"`
	Code   string        `json:"code"`
	Sent   time.Time     `json:"sent"`
}

// sendOTP draws a 6-digit code and puts it in the outbox. The caller holds s.mu.
func (s *Sim) sendOTP(u *userState, m auth.MethodID, now time.Time) string {
	var b [4]byte
	if _, err := io.ReadFull(s.cfg.Rand, b[:]); err != nil {
		panic("aasim: random source failed: " + err.Error())
	}
	n := (uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])) % 1_000_000
	code := fmt.Sprintf("%06d", n)
	to := u.Mobile
	if m == auth.MethodEmailOTP {
		to = u.Email
	}
	s.outbox = append(s.outbox, Message{User: u.Name, Method: m, To: to, Code: code, Sent: now})
	return code
}

// Outbox returns every OTP sent so far, oldest first.
func (s *Sim) Outbox() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.outbox...)
}

// LastOTP returns the code most recently sent to user, or "".
func (s *Sim) LastOTP(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.outbox) - 1; i >= 0; i-- {
		if strings.EqualFold(s.outbox[i].User, user) {
			return s.outbox[i].Code
		}
	}
	return ""
}

// LastCode returns the code most recently sent to user by method m
// (SMS_OTP, EMAIL_OTP, VOICE_OTP), the user named as a logon names them
// (alice, JAGUAR\alice, alice@…); "" when none was sent. The demo shows
// it: its codes go to no phone and no mailbox.
func (s *Sim) LastCode(user string, m auth.MethodID) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.findUser(user)
	if u == nil {
		return ""
	}
	for i := len(s.outbox) - 1; i >= 0; i-- {
		if msg := s.outbox[i]; msg.User == u.Name && msg.Method == m {
			return msg.Code
		}
	}
	return ""
}

// Approve approves user's pending push or call. It reports whether one was pending.
func (s *Sim) Approve(user string) bool { return s.answerPush(user, pushApproved) }

// Reject rejects user's pending push or call. It reports whether one was pending.
func (s *Sim) Reject(user string) bool { return s.answerPush(user, pushRejected) }

func (s *Sim) answerPush(user string, st pushState) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	found := false
	for _, p := range s.processes {
		if strings.EqualFold(p.user.Name, user) && p.push != nil && p.push.state == pushPending {
			p.push.state = st
			found = true
		}
	}
	return found
}

// Unlock lifts a lockout of user.
func (s *Sim) Unlock(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.findUser(user); u != nil {
		u.lockedUntil, u.failures = time.Time{}, 0
	}
}

// Processes returns the number of live logon processes.
func (s *Sim) Processes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.processes)
}

// LoginSessions returns the number of live login sessions.
func (s *Sim) LoginSessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.logins)
}

// controlRoutes serves the control API:
//
//	GET  /sim/counts                 request counts per route pattern
//	POST /sim/counts/reset           zero the counts
//	GET  /sim/outbox                 every OTP sent ([]Message)
//	POST /sim/push/{user}/approve    approve the user's pending push or call
//	POST /sim/push/{user}/reject     reject it
//	POST /sim/unlock/{user}          lift a lockout
//	GET  /sim/state                  live processes and login sessions
func (s *Sim) controlRoutes() {
	s.mux.HandleFunc("GET /sim/counts", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Counts())
	})
	s.mux.HandleFunc("POST /sim/counts/reset", func(w http.ResponseWriter, r *http.Request) {
		s.ResetCounts()
		writeJSON(w, http.StatusOK, nil)
	})
	s.mux.HandleFunc("GET /sim/outbox", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Outbox())
	})
	s.mux.HandleFunc("POST /sim/push/{user}/{verdict}", func(w http.ResponseWriter, r *http.Request) {
		var ok bool
		switch r.PathValue("verdict") {
		case "approve":
			ok = s.Approve(r.PathValue("user"))
		case "reject":
			ok = s.Reject(r.PathValue("user"))
		default:
			http.NotFound(w, r)
			return
		}
		writeJSON(w, http.StatusOK, map[string]bool{"pending": ok})
	})
	s.mux.HandleFunc("POST /sim/unlock/{user}", func(w http.ResponseWriter, r *http.Request) {
		s.Unlock(r.PathValue("user"))
		writeJSON(w, http.StatusOK, nil)
	})
	s.mux.HandleFunc("GET /sim/state", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]int{"processes": s.Processes(), "login_sessions": s.LoginSessions()})
	})
}
