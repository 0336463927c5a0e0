package flow

import "aalogon/auth"

// Interaction is how a method asks the person: the kind of screen the
// window shows and the prompt the terminal prints for it. Each has one
// handler in this package.
type Interaction int

// Interactions. A new kind of interaction is a constant here, its handler
// file, its screen in ui and its prompt in the terminal.
const (
	// TypePassword: a password typed and sent as the answer (masked).
	TypePassword Interaction = iota + 1
	// TypeCode: a code from the person's authenticator typed and sent as
	// the answer.
	TypeCode
	// SentCode: the server sends a code (SMS, e-mail, call); it is typed
	// back, and the person may ask for a new one.
	SentCode
	// SecurityQuestions: the server's questions, answered together.
	SecurityQuestions
	// Confirm: the person confirms elsewhere (a phone app, a call) while
	// the flow polls.
	Confirm
	// Finger: a finger on the reader; needs a FingerprintSource.
	Finger
)

// Method declares one method this client can do: everything the flow, the
// window and the terminal need to know of it. Adding a method is one entry
// in methods and its title (TitleKey) in every translation.
type Method struct {
	// ID is the method as the server names it (aa-api.md §0).
	ID auth.MethodID
	// Interaction is how the method asks the person.
	Interaction Interaction
	// TitleKey is the translation key of the method's name for people.
	TitleKey string
	// IconKey names the method's icon; the window maps names to images.
	IconKey string
	// WaitKey, for Confirm methods, is the translation key of what the
	// person is asked to do while the flow waits. Empty otherwise.
	WaitKey string

	handle handler
}

// Icon keys of the declarations. The window has an image for each.
const (
	IconAccount   = "account"   // a directory account (LDAP)
	IconPassword  = "password"  // a password of the AA server
	IconServer    = "server"    // a password checked by another server (RADIUS)
	IconEmergency = "emergency" // a password for emergencies
	IconClock     = "clock"     // a time or counter code from an authenticator
	IconSMS       = "sms"       // a text message
	IconEmail     = "email"     // an e-mail
	IconCall      = "call"      // a phone call
	IconPhone     = "phone"     // a smartphone app
	IconQuestions = "questions" // security questions
	IconFinger    = "finger"    // a fingerprint
)

// methods are the declarations, in the order Methods lists them.
var methods = []Method{
	{ID: auth.MethodLDAPPassword, Interaction: TypePassword, TitleKey: "method.LDAP_PASSWORD", IconKey: IconAccount, handle: passwordHandler},
	{ID: auth.MethodPassword, Interaction: TypePassword, TitleKey: "method.PASSWORD", IconKey: IconPassword, handle: passwordHandler},
	{ID: auth.MethodRADIUS, Interaction: TypePassword, TitleKey: "method.RADIUS", IconKey: IconServer, handle: passwordHandler},
	{ID: auth.MethodEmergPassword, Interaction: TypePassword, TitleKey: "method.EMERG_PASSWORD", IconKey: IconEmergency, handle: passwordHandler},
	{ID: auth.MethodTOTP, Interaction: TypeCode, TitleKey: "method.TOTP", IconKey: IconClock, handle: codeHandler},
	{ID: auth.MethodHOTP, Interaction: TypeCode, TitleKey: "method.HOTP", IconKey: IconClock, handle: codeHandler},
	{ID: auth.MethodSMSOTP, Interaction: SentCode, TitleKey: "method.SMS_OTP", IconKey: IconSMS, handle: sentOTPHandler},
	{ID: auth.MethodEmailOTP, Interaction: SentCode, TitleKey: "method.EMAIL_OTP", IconKey: IconEmail, handle: sentOTPHandler},
	{ID: auth.MethodVoiceOTP, Interaction: SentCode, TitleKey: "method.VOICE_OTP", IconKey: IconCall, handle: sentOTPHandler},
	{ID: auth.MethodSecQuest, Interaction: SecurityQuestions, TitleKey: "method.SECQUEST", IconKey: IconQuestions, handle: secQuestHandler},
	{ID: auth.MethodSmartphone, Interaction: Confirm, TitleKey: "method.SMARTPHONE", IconKey: IconPhone,
		WaitKey: "push.waiting", handle: pushHandler},
	{ID: auth.MethodVoice, Interaction: Confirm, TitleKey: "method.VOICE", IconKey: IconCall,
		WaitKey: "push.waiting_call", handle: pushHandler},
	{ID: auth.MethodFinger, Interaction: Finger, TitleKey: "method.FINGER", IconKey: IconFinger, handle: fingerHandler},
}

// Methods returns the declarations of every method this client knows, a
// fresh slice each call.
func Methods() []Method { return append([]Method(nil), methods...) }

// Lookup returns the declaration of m, matched by name (any version
// suffix), and false when this client does not know m.
func Lookup(m auth.MethodID) (Method, bool) {
	for _, d := range methods {
		if d.ID.Name() == m.Name() {
			return d, true
		}
	}
	return Method{}, false
}
