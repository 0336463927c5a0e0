package flow

import (
	"context"
	"errors"
	"strings"

	"aalogon/auth"
	"aalogon/internal/i18n"
)

// Notice is something to tell the person. Key selects the translated text
// (the GUI passes it to lang.X with Fallback as the English default and
// Data as the template data); Text is the server's own message, already in
// the person's language, when it has one.
type Notice struct {
	Key    string
	Method auth.MethodID
	Text   string
	// MsgID is the server's id of Text (aa-api.md §4). A message this
	// client knows by its id (ServerKey) is shown in the person's language
	// whatever language the server wrote it in.
	MsgID       string
	Attempt     int
	MaxAttempts int
	// Methods are the methods a notice is about: those missing here
	// (NoticeMissingMethods). Data renders them as {{.Methods}}.
	Methods []auth.MethodID
	// Detail is a fact the text quotes as {{.Detail}}: where a redirect
	// pointed (NoticeRedirect), the status the server sent
	// (NoticeUnexpectedStatus). It comes from the server: show it as text.
	Detail string
	// Retry: the person can try the same thing again (network, server).
	Retry bool
}

// Data is the template data of the notice's text: Methods (the methods'
// titles, by title, joined with ", "), Detail, Attempt and Max.
func (n Notice) Data(title func(auth.MethodID) string) map[string]any {
	names := make([]string, len(n.Methods))
	for i, m := range n.Methods {
		names[i] = title(m)
	}
	return map[string]any{"Methods": strings.Join(names, ", "), "Detail": n.Detail,
		"Attempt": n.Attempt, "Max": n.MaxAttempts}
}

// Notice keys: catalogue keys (assets/translations), shared with the
// screens that say the same thing.
const (
	NoticeFailed      = "notice.failed"   // Text: the server's message
	NoticeOTPSent     = "notice.otp_sent" // Text: the server's message
	NoticePushWaiting = "push.waiting"    // waiting for the phone (the push screen's text too)
	NoticeFingerPlace = "finger.place"    // place your finger (the finger screen's text too)
	NoticeFingerRetry = "finger.retry"    // not recognised, Attempt of MaxAttempts
	// NoticeFailedAgain follows a NoticeFailed whose Attempt is 2 or more:
	// the answers refused in a row, and that more may lock the account.
	NoticeFailedAgain     = "notice.failed_again"
	NoticeRestart         = "notice.restart"          // the process expired; starting over
	NoticeEmptyAnswer     = "notice.empty_answer"     // nothing typed: not sent, asked again
	NoticeCancelled       = "error.cancelled"         // the person cancelled
	NoticeNetwork         = "error.network"           // server unreachable
	NoticeCertificate     = "error.certificate"       // certificate refused
	NoticeServer          = "error.server"            // 5xx
	NoticeProtocol        = "error.protocol"          // malformed answer
	NoticeUserNotFound    = "error.user_not_found"    //
	NoticeLocked          = "error.locked"            //
	NoticeNoChain         = "error.no_chain"          //
	NoticePushTimeout     = "error.push_timeout"      //
	NoticeTooManyAttempts = "error.too_many_attempts" //
	NoticeProcessGone     = "error.process_gone"      //
	NoticeRefused         = "error.refused"           // Text: the server's message
	NoticeReader          = "error.reader"            // the fingerprint reader failed
	NoticeUnknown         = "error.unknown"           //
	// NoticeMissingMethods: no chain can be completed here; Methods are
	// the methods this computer lacks.
	NoticeMissingMethods = "error.missing_methods"
	// NoticeRedirect: the server sent the client elsewhere; Detail is
	// the target.
	NoticeRedirect = "error.redirect"
	// NoticeEndpointRefused: the server does not accept this computer's
	// registration (endpoint id or secret).
	NoticeEndpointRefused = "error.endpoint_refused"
	// NoticeUnexpectedStatus: the server answered a status the client has
	// no rule for; Detail is the status.
	NoticeUnexpectedStatus = "error.unexpected_status"
)

// Fallback returns the notice in English: the server's message when it has
// one, otherwise the catalogue's English text of its key (NoticeUnknown's
// for a key it lacks) rendered with Data, methods by name (e.g. FINGER).
// The window passes it to lang.X as the default; the terminal uses Render.
func (n Notice) Fallback() string { return n.Render(i18n.English, auth.MethodID.Name) }

// Render returns the notice in language lang (a catalogue language, as
// i18n.Resolve picks it): the server's message when it has one (the server
// localised it through Accept-Language), otherwise the translated text of
// its key with Data(title). A server message this client knows by its id
// (ServerKey) is always the translated text of its key.
func (n Notice) Render(lang string, title func(auth.MethodID) string) string {
	return n.WithRefusals(n.render(lang, title), func(key string, count int) string {
		return i18n.Shipped().TextN(lang, key, count, nil)
	})
}

// WithRefusals returns s, what n says, followed by the count of answers
// refused in a row when n is the second refusal or later (the plural text
// NoticeFailedAgain, which text renders): the server says nothing of how
// many tries are left (aa-api.md §9), so the person is told that more may
// lock the account. Any other notice: s as it is.
func (n Notice) WithRefusals(s string, text func(key string, count int) string) string {
	if n.Key != NoticeFailed || n.Attempt < 2 {
		return s
	}
	if s != "" && !strings.ContainsAny(s[len(s)-1:], ".!?") && !strings.HasSuffix(s, "…") {
		s += "." // the server's "Incorrect password" ends in none
	}
	return s + " " + text(NoticeFailedAgain, n.Attempt)
}

func (n Notice) render(lang string, title func(auth.MethodID) string) string {
	c := i18n.Shipped()
	if k := ServerKey(n.MsgID); k != "" {
		return c.Text(lang, k, n.Data(title))
	}
	if n.Text != "" {
		return n.Text
	}
	key := n.Key
	if c.Raw(i18n.English, key) == "" {
		key = NoticeUnknown
	}
	return c.Text(lang, key, n.Data(title))
}

// ServerKey is the catalogue key of the server's message msgid when this
// client knows it (the ids of aa-api.md §4 a person can meet), "" for any
// other: those are shown in the server's own words.
func ServerKey(msgid string) string {
	switch msgid {
	case auth.MsgPasswordWrong:
		return "server.password_wrong"
	case auth.MsgUserNotFound:
		return NoticeUserNotFound
	case auth.MsgProcessNotFound:
		return NoticeProcessGone
	}
	return ""
}

// ReaderError marks an error of the fingerprint source.
type ReaderError struct{ Err error }

func (e *ReaderError) Error() string { return "flow: fingerprint reader: " + e.Err.Error() }
func (e *ReaderError) Unwrap() error { return e.Err }

// NoticeFor maps an error of Run to what a person should read. It never uses
// err.Error(), only the error's kind and the server's own message.
func NoticeFor(err error) Notice {
	var api *auth.APIError
	var reader *ReaderError
	var noChain *NoUsableChainError
	var status *StatusError
	switch {
	case err == nil:
		return Notice{}
	case errors.As(err, &reader):
		// Before cancellation: a reader pulled out mid-capture ends its
		// capture with the Manager's cancel, so its error wraps
		// context.Canceled, yet the person cancelled nothing. The flow
		// returns a person's cancel during a capture as ctx.Err() itself.
		return Notice{Key: NoticeReader, Retry: true}
	case errors.Is(err, context.Canceled), errors.Is(err, ErrCancelled):
		return Notice{Key: NoticeCancelled}
	case errors.Is(err, ErrLocked):
		return Notice{Key: NoticeLocked}
	case errors.As(err, &noChain) && len(noChain.Missing) > 0:
		return Notice{Key: NoticeMissingMethods, Methods: append([]auth.MethodID(nil), noChain.Missing...)}
	case errors.Is(err, ErrNoUsableChain), errors.Is(err, ErrNoSuchChain), errors.Is(err, ErrUnsupportedMethod):
		return Notice{Key: NoticeNoChain}
	case errors.Is(err, ErrPushTimeout):
		return Notice{Key: NoticePushTimeout, Retry: true}
	case errors.Is(err, ErrTooManyAttempts):
		return Notice{Key: NoticeTooManyAttempts, Retry: true}
	case errors.Is(err, auth.ErrCertificate):
		return Notice{Key: NoticeCertificate}
	case errors.Is(err, auth.ErrRedirect) && errors.As(err, &api):
		return Notice{Key: NoticeRedirect, Detail: api.Target}
	case errors.Is(err, auth.ErrEndpointRefused):
		return Notice{Key: NoticeEndpointRefused}
	case errors.As(err, &status):
		return Notice{Key: NoticeUnexpectedStatus, Detail: quoteStatus(status.Status), Retry: true}
	case errors.Is(err, auth.ErrUnreachable), errors.Is(err, context.DeadlineExceeded):
		return Notice{Key: NoticeNetwork, Retry: true}
	case errors.Is(err, auth.ErrMalformedResponse), errors.Is(err, ErrProtocol):
		return Notice{Key: NoticeProtocol, Retry: true}
	case errors.Is(err, auth.ErrServer), errors.Is(err, auth.ErrEndpointSessionGone):
		return Notice{Key: NoticeServer, Retry: true}
	case errors.Is(err, auth.ErrUserNotFound):
		return Notice{Key: NoticeUserNotFound}
	case errors.Is(err, auth.ErrProcessGone):
		return Notice{Key: NoticeProcessGone, Retry: true}
	case errors.Is(err, auth.ErrFailed) && errors.As(err, &api):
		return Notice{Key: NoticeFailed, Text: api.Description, MsgID: api.MsgID, Retry: true}
	case errors.As(err, &api):
		return Notice{Key: NoticeRefused, Text: api.Description, MsgID: api.MsgID, Retry: true}
	}
	return Notice{Key: NoticeUnknown, Retry: true}
}
