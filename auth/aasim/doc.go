// Package aasim is a simulator of the Advanced Authentication logon API, as
// documented in aa-api.md. It is a product part: the tests, the demo and
// `aalogon simulate` all run it.
//
// A Sim is an http.Handler. Tests serve it with httptest.NewTLSServer or
// Serve (which makes its own CA); faults are options of the simulator, never
// branches in the client.
//
// What it implements: endpoint registration with administrator credentials,
// endpoint sessions checked by the documented secret hash, logon processes
// walking chains with positions per event, the methods LDAP_PASSWORD,
// PASSWORD, RADIUS, EMERG_PASSWORD, TOTP (RFC 6238), HOTP (RFC 4226),
// SMS_OTP, EMAIL_OTP, VOICE_OTP (codes go to an outbox), SECQUEST,
// SMARTPHONE and VOICE (pending until approved or rejected through the
// control hooks, or expired), FINGER (the submitted ISO/IEC 19794-2 record
// is compared with the enrolled ones by an injectable Matcher), login
// sessions, the template listing, lockout after consecutive failures, and
// lifetimes for endpoint sessions, logon processes and login sessions.
//
// Answers take the documented shapes where a client could notice: error
// bodies (injected faults included) are {"status":"error","errors":[…]},
// chain positions count from 0 (a chain's index in its event), method
// titles are the server's ("Security Questions", "Voice", "RADIUS Client",
// "Emergency Password").
//
// Documented codes are used exactly (aa-api.md §4). Where the documents are
// silent the simulator uses codes of its own, all with the prefix AASIM- so
// that nobody mistakes them for the real server's:
//
//	case                                  HTTP status    reason                 msgid       msg
//	user locked (lockout)                 200  FAILED    USER_LOCKED            AASIM-2101  User is locked
//	wrong OTP (TOTP, HOTP, sent OTPs)     200  FAILED    OTP_WRONG              AASIM-2102  Incorrect one-time password
//	fingerprint does not match            200  FAILED    FINGER_MISMATCH        AASIM-2103  Mismatch
//	fingerprint record unreadable         200  FAILED    FINGER_BAD_DATA        AASIM-2104  The fingerprint data cannot be read
//	OTP sent                              200  MORE_DATA OTP_SENT               AASIM-2105  The code has been sent
//	push or call pending                  200  MORE_DATA WAITING_CONFIRMATION   AASIM-2106  Waiting for confirmation
//	push or call rejected                 200  FAILED    PUSH_REJECTED          AASIM-2107  The request was rejected
//	push or call expired                  200  FAILED    PUSH_EXPIRED           AASIM-2108  The request has expired
//	wrong security answers                200  FAILED    SECQUEST_WRONG         AASIM-2109  Incorrect answers
//	no OTP requested yet                  200  FAILED    OTP_NOT_SENT           AASIM-2110  No code has been sent
//	no chain of the user starts with m    400  error     NO_CHAIN               AASIM-1101  No chain for this method
//	/next with a method not next in chain 400  error     WRONG_METHOD           AASIM-1102  Method is not next in the chain
//	answer or next in the wrong state     400  error     WRONG_STATE            AASIM-1103  Not allowed in this state
//	admin credentials refused             400  error     BAD_CREDENTIALS        AASIM-1104  Invalid credentials
//	endpoint secret hash does not match   400  error     WRONG_HASH             AASIM-1105  Endpoint secret hash is wrong
//	endpoint unknown                      400  error     ENDPOINT_NOT_FOUND     AASIM-1106  Endpoint is not found
//	event unknown                         400  error     EVENT_NOT_FOUND        AASIM-1107  Event is not found
//	endpoint name already registered      409  error     ENDPOINT_EXISTS        AASIM-1108  Endpoint already exists
//	malformed JSON body                   400  error     (none)                 AASIM-1109  Invalid JSON body
//	login session of another user         400  error     WRONG_USER             AASIM-1110  Not allowed for this user
//
// The control API under /sim/ (Config.Control) serves request counts per
// route, the OTP outbox, push approval and unlocking; see control.go.
package aasim
