package aasim

import (
	"net/http"
	"strings"
)

// german are the simulator's messages in German. A real server localises
// its msg through Accept-Language; the simulator does it for these few
// texts, so that a German client shows German throughout.
var german = map[string]string{
	wrongPassword.msg: "Falsches Passwort",
	wrongOTP.msg:      "Falsches Einmalpasswort",
	otpSent.msg:       "Der Code wurde gesendet",
	otpNotSent.msg:    "Es wurde kein Code gesendet",
	pushWaiting.msg:   "Warte auf Bestätigung",
	pushRejectedV.msg: "Die Anfrage wurde abgelehnt",
	pushExpiredV.msg:  "Die Anfrage ist abgelaufen",
	wrongAnswers.msg:  "Falsche Antworten",
	fingerNoMatch.msg: "Keine Übereinstimmung",
	secQuestWaiting:   "Warte auf die Antworten...",
}

// localize returns msg in the request's first Accept-Language when the
// simulator knows it there ("de", "de-DE, en;q=0.5"), else msg.
func localize(r *http.Request, msg string) string {
	first, _, _ := strings.Cut(r.Header.Get("Accept-Language"), ",")
	first, _, _ = strings.Cut(strings.TrimSpace(first), ";")
	lang, _, _ := strings.Cut(strings.ToLower(first), "-")
	if de, ok := german[msg]; ok && lang == "de" {
		return de
	}
	return msg
}
