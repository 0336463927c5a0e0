package flow

import (
	"context"

	"aalogon/auth"
)

// Prompter is how the flow talks to the person signing in. The GUI, the
// terminal (aalogon logon) and the tests each implement it.
//
// An answer belongs to one question: Ask(q) returns only input the person
// gave while q was shown, never input typed for an earlier question (a
// second Enter while the flow was busy) or queued before q was asked. A
// prompter that hands answers across goroutines tags each with the q.Seq it
// was given for and drops any whose Seq is not the question being asked.
type Prompter interface {
	// Ask asks for one answer. It returns ErrResend when the person asks
	// for a new OTP (only when q.CanResend), and an error to stop the logon.
	Ask(ctx context.Context, q Question) (auth.Secret, error)
	// Show tells the person something: a server message, "code sent",
	// "place your finger". It must not block.
	Show(n Notice)
	// Progress reports the chain being walked and how far it is.
	Progress(p Progress)
}

// ChainChooser is implemented by prompters that let the person choose a
// chain. Without it the flow takes the chain of lowest position it can
// complete.
type ChainChooser interface {
	// ChooseChain returns the index in options of the chosen chain.
	ChooseChain(ctx context.Context, options []ChainOption) (int, error)
}

// FingerprintSource yields the ISO/IEC 19794-2 finger minutiae record that
// FINGER sends. The device layer implements it on a reader.
type FingerprintSource interface {
	Template(ctx context.Context) ([]byte, error)
}

// QuestionKind says what an Ask asks for.
type QuestionKind int

// Question kinds.
const (
	// AskPassword: a password (LDAP, AA, RADIUS, emergency). Mask it.
	AskPassword QuestionKind = iota
	// AskOTP: a one-time code, typed or sent.
	AskOTP
	// AskSecurityAnswer: the answer to Question.Text.
	AskSecurityAnswer
	// AskRetry: the method failed (a push was rejected); any answer
	// without error tries again.
	AskRetry
)

// Question is one thing the flow needs from the person.
type Question struct {
	// Seq identifies this question among every question of the Flow: it
	// is never 0 and never repeats. An answer given for another Seq is not
	// an answer to this question (see Prompter).
	Seq    uint64
	Kind   QuestionKind
	Method auth.MethodID
	User   string
	// ID and Text are the security question's id and text (server's words).
	ID, Text string
	// Attempt counts from 1; it grows after each FAILED answer.
	Attempt int
	// Secret: mask the input.
	Secret bool
	// CanResend: Ask may return ErrResend to get a new code.
	CanResend bool
	// Reason is why an AskRetry is asked when it is not a refusal the
	// person was already told of: the reader's failure (a *ReaderError),
	// which the prompter shows with the question (NoticeFor gives its
	// words). A prompter that cannot ask shows nothing: the walk then ends
	// with Reason, told once.
	Reason error
}

// Progress is where a walk stands.
type Progress struct {
	Chain     auth.Chain
	Completed []auth.MethodID
	Current   auth.MethodID
	// Policy is logon_hints.policy of this logon, once the server sent it.
	Policy *auth.Policy
}

// ChainOption is a chain with whether this client can complete it.
type ChainOption struct {
	Chain     auth.Chain
	Supported bool
	// Missing is the first method this client cannot do, when !Supported.
	Missing auth.MethodID
}
