package flow

import (
	"context"
	"errors"

	"aalogon/auth"
)

// Notice is something to tell the person. Key selects the translated text
// (the GUI passes it to lang.X with Fallback as the English default); Text is
// the server's own message, already in the person's language, when it has one.
type Notice struct {
	Key         string
	Method      auth.MethodID
	Text        string
	Attempt     int
	MaxAttempts int
	// Retry: the person can try the same thing again (network, server).
	Retry bool
}

// Notice keys.
const (
	NoticeFailed          = "notice.failed"           // Text: the server's message
	NoticeOTPSent         = "notice.otp_sent"         // Text: the server's message
	NoticePushWaiting     = "notice.push_waiting"     // waiting for the phone
	NoticeFingerPlace     = "notice.finger_place"     // place your finger
	NoticeFingerRetry     = "notice.finger_retry"     // not recognised, Attempt of MaxAttempts
	NoticeRestart         = "notice.restart"          // the process expired; starting over
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
)

var english = map[string]string{
	NoticeFailed:          "The server refused the answer.",
	NoticeOTPSent:         "A code has been sent to you.",
	NoticePushWaiting:     "Confirm the sign-in on your phone.",
	NoticeFingerPlace:     "Place your finger on the reader.",
	NoticeFingerRetry:     "Not recognised, try again.",
	NoticeRestart:         "The sign-in took too long and has been started again.",
	NoticeCancelled:       "Sign-in cancelled.",
	NoticeNetwork:         "The server cannot be reached. Check the network and try again.",
	NoticeCertificate:     "The server's certificate was refused. Tell your administrator.",
	NoticeServer:          "The server had a problem. Try again in a moment.",
	NoticeProtocol:        "The server sent an answer this client does not understand.",
	NoticeUserNotFound:    "There is no user with this name.",
	NoticeLocked:          "This account is locked. Try again later or call your helpdesk.",
	NoticeNoChain:         "None of your sign-in methods can be used on this computer.",
	NoticePushTimeout:     "No answer came from your phone in time.",
	NoticeTooManyAttempts: "Too many attempts. Start again.",
	NoticeProcessGone:     "The sign-in expired. Start again.",
	NoticeRefused:         "The server refused the request.",
	NoticeReader:          "The fingerprint reader did not work. Check it and try again.",
	NoticeUnknown:         "Something went wrong. Try again.",
}

// Fallback returns the English text of the notice: the server's message when
// it has one, otherwise the default text of its key.
func (n Notice) Fallback() string {
	if n.Text != "" {
		return n.Text
	}
	if s, ok := english[n.Key]; ok {
		return s
	}
	return english[NoticeUnknown]
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
	switch {
	case err == nil:
		return Notice{}
	case errors.Is(err, context.Canceled), errors.Is(err, ErrCancelled):
		return Notice{Key: NoticeCancelled}
	case errors.As(err, &reader):
		return Notice{Key: NoticeReader, Retry: true}
	case errors.Is(err, ErrLocked):
		return Notice{Key: NoticeLocked}
	case errors.Is(err, ErrNoUsableChain), errors.Is(err, ErrNoSuchChain), errors.Is(err, ErrUnsupportedMethod):
		return Notice{Key: NoticeNoChain}
	case errors.Is(err, ErrPushTimeout):
		return Notice{Key: NoticePushTimeout, Retry: true}
	case errors.Is(err, ErrTooManyAttempts):
		return Notice{Key: NoticeTooManyAttempts, Retry: true}
	case errors.Is(err, auth.ErrCertificate):
		return Notice{Key: NoticeCertificate}
	case errors.Is(err, auth.ErrUnreachable), errors.Is(err, context.DeadlineExceeded):
		return Notice{Key: NoticeNetwork, Retry: true}
	case errors.Is(err, auth.ErrMalformedResponse), errors.Is(err, ErrProtocol):
		return Notice{Key: NoticeProtocol, Retry: true}
	case errors.Is(err, auth.ErrServer):
		return Notice{Key: NoticeServer, Retry: true}
	case errors.Is(err, auth.ErrUserNotFound):
		return Notice{Key: NoticeUserNotFound}
	case errors.Is(err, auth.ErrProcessGone):
		return Notice{Key: NoticeProcessGone, Retry: true}
	case errors.Is(err, auth.ErrFailed) && errors.As(err, &api):
		return Notice{Key: NoticeFailed, Text: api.Description, Retry: true}
	case errors.As(err, &api):
		return Notice{Key: NoticeRefused, Text: api.Description, Retry: true}
	}
	return Notice{Key: NoticeUnknown, Retry: true}
}
