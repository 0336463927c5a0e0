package aasim

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"aalogon/auth"
)

type verdictKind int

const (
	verdictPass verdictKind = iota
	verdictFail
	verdictMore
	verdictBadRequest
)

// verdict is the outcome of one answer to the current method.
type verdict struct {
	kind               verdictKind
	reason, msgid, msg string
	questions          map[string]string
	score              *int
}

var (
	wrongPassword = verdict{kind: verdictFail, reason: "PASSWORD_WRONG", msgid: auth.MsgPasswordWrong, msg: "Incorrect password"}
	wrongOTP      = verdict{kind: verdictFail, reason: "OTP_WRONG", msgid: "AASIM-2102", msg: "Incorrect one-time password"}
	otpSent       = verdict{kind: verdictMore, reason: "OTP_SENT", msgid: "AASIM-2105", msg: "The code has been sent"}
	otpNotSent    = verdict{kind: verdictFail, reason: "OTP_NOT_SENT", msgid: "AASIM-2110", msg: "No code has been sent"}
	pushWaiting   = verdict{kind: verdictMore, reason: "WAITING_CONFIRMATION", msgid: "AASIM-2106", msg: "Waiting for confirmation"}
	pushRejectedV = verdict{kind: verdictFail, reason: "PUSH_REJECTED", msgid: "AASIM-2107", msg: "The request was rejected"}
	pushExpiredV  = verdict{kind: verdictFail, reason: "PUSH_EXPIRED", msgid: "AASIM-2108", msg: "The request has expired"}
	wrongAnswers  = verdict{kind: verdictFail, reason: "SECQUEST_WRONG", msgid: "AASIM-2109", msg: "Incorrect answers"}
	fingerNoMatch = verdict{kind: verdictFail, reason: "FINGER_MISMATCH", msgid: "AASIM-2103", msg: "Mismatch"}
	passed        = verdict{kind: verdictPass}
)

func badRequest(msg string) verdict { return verdict{kind: verdictBadRequest, msg: msg} }

func fingerBadData(why string) verdict {
	return verdict{kind: verdictFail, reason: "FINGER_BAD_DATA", msgid: "AASIM-2104",
		msg: "The fingerprint data cannot be read: " + why}
}

// secQuestWaiting is the message of the security questions' step.
const secQuestWaiting = "Waiting for the answers..."

// otpLifetime is how long a sent OTP stays valid.
const otpLifetime = 5 * time.Minute

// verify checks an answer to p's current method. The caller holds s.mu.
func (s *Sim) verify(p *process, raw json.RawMessage) verdict {
	var in struct {
		Answer  *string           `json:"answer"`
		Answers map[string]string `json:"answers"`
		Capture *struct {
			ISO    string `json:"ISO"`
			Status string `json:"captureStatus"`
		} `json:"capture"`
	}
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &in); err != nil {
			return badRequest("response is not an object of the expected shape")
		}
	}
	u, now := p.user, s.cfg.Now()
	switch p.current {
	case auth.MethodLDAPPassword, auth.MethodPassword, auth.MethodRADIUS, auth.MethodEmergPassword:
		if in.Answer == nil {
			return badRequest("answer is required")
		}
		if want := u.PasswordFor(p.current); want != "" && subtle.ConstantTimeCompare([]byte(*in.Answer), []byte(want)) == 1 {
			return passed
		}
		return wrongPassword
	case auth.MethodTOTP:
		if in.Answer == nil {
			return badRequest("answer is required")
		}
		step, ok := verifyTOTP(u.TOTPSecret, *in.Answer, now, u.lastTOTPStep)
		if !ok {
			return wrongOTP
		}
		u.lastTOTPStep = step
		return passed
	case auth.MethodHOTP:
		if in.Answer == nil {
			return badRequest("answer is required")
		}
		next, ok := verifyHOTP(u.HOTPSecret, *in.Answer, u.hotpCounter)
		if !ok {
			return wrongOTP
		}
		u.hotpCounter = next
		return passed
	case auth.MethodSMSOTP, auth.MethodEmailOTP, auth.MethodVoiceOTP:
		if in.Answer == nil { // a kick: send a (new) code
			p.otp, p.otpSent = s.sendOTP(u, p.current, now), now
			return otpSent
		}
		if p.otp == "" || now.Sub(p.otpSent) > otpLifetime {
			return otpNotSent
		}
		if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(*in.Answer)), []byte(p.otp)) == 1 {
			return passed
		}
		return wrongOTP
	case auth.MethodSecQuest:
		if in.Answers == nil || len(p.questions) == 0 {
			return s.askQuestions(p)
		}
		for _, id := range p.questions {
			got, want := norm(in.Answers[id]), norm(u.SecQuest[id].Answer)
			if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
				return wrongAnswers
			}
		}
		return passed
	case auth.MethodSmartphone, auth.MethodVoice:
		return s.pollPush(p, now)
	case auth.MethodFinger:
		return s.matchFinger(u, in.Capture)
	}
	return badRequest(fmt.Sprintf("method %s is not supported by the simulator", p.current))
}

func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func (s *Sim) askQuestions(p *process) verdict {
	ids := make([]string, 0, len(p.user.SecQuest))
	for id := range p.user.SecQuest {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	p.questions = ids
	q := make(map[string]string, len(ids))
	for _, id := range ids {
		q[id] = p.user.SecQuest[id].Text
	}
	return verdict{kind: verdictMore, reason: "SECQUEST_WAITING_ANSWERS", msgid: auth.MsgSecQuestWaiting,
		msg: secQuestWaiting, questions: q}
}

// pollPush kicks a push (or call) when none is pending, and otherwise reports
// its state. The caller holds s.mu.
func (s *Sim) pollPush(p *process, now time.Time) verdict {
	if p.push == nil {
		p.push = &push{created: now}
		return pushWaiting
	}
	ps := p.push
	if ps.state == pushPending && s.cfg.AutoApprove > 0 && now.Sub(ps.created) >= s.cfg.AutoApprove {
		ps.state = pushApproved
	}
	switch {
	case ps.state == pushApproved:
		return passed
	case ps.state == pushRejected:
		p.push = nil
		return pushRejectedV
	case now.Sub(ps.created) > s.cfg.PushTTL:
		p.push = nil
		return pushExpiredV
	}
	return pushWaiting
}

func (s *Sim) matchFinger(u *userState, c *struct {
	ISO    string `json:"ISO"`
	Status string `json:"captureStatus"`
}) verdict {
	if c == nil {
		return badRequest("capture is required")
	}
	if !strings.EqualFold(c.Status, "OK") {
		return fingerBadData("the reader reported " + c.Status)
	}
	probe, err := base64.StdEncoding.DecodeString(c.ISO)
	if err != nil || len(probe) == 0 {
		return fingerBadData("ISO is not base64")
	}
	best, matched := 0, false
	for _, enrolled := range u.fingers() {
		score, ok, err := s.cfg.Matcher(probe, enrolled)
		if err != nil {
			return fingerBadData(err.Error())
		}
		if score > best || (ok && !matched) {
			best = score
		}
		matched = matched || ok
	}
	if !matched {
		return fingerNoMatch
	}
	return verdict{kind: verdictPass, score: &best}
}
