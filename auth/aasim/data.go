package aasim

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"sync"

	"aalogon/auth"
	"aalogon/device/fingerprint"
)

// Data is the simulator's directory: tenant, administrator, events, chains
// and users.
type Data struct {
	TenantName string // "TOP"
	TenantID   string // "def0def0def0def0def0def0def0def0"
	// AdminUser and AdminPassword register endpoints (POST /endpoints).
	AdminUser     string
	AdminPassword string
	Events        []Event
	Chains        []Chain
	Users         []User
	// Policy is sent as logon_hints.policy by POST /logon.
	Policy auth.Policy
}

// Event is an AA event, e.g. "Authenticators Management". Its chains are
// offered in the order listed; a chain's position is its index in Chains,
// counted from 0 as in third-party AA bodies. A user sees only the chains
// they can take, so their positions may have gaps.
type Event struct {
	Name   string
	Type   string   // "Generic" when empty
	Chains []string // chain names
}

// Chain is a chain definition.
type Chain struct {
	ID        string // 32 hex; derived from Name when empty
	Name      string
	ShortName string
	Methods   []auth.MethodID
	ImageName string // "default" when empty
	Disabled  bool
}

// SecurityQuestion is one enrolled question and its answer.
type SecurityQuestion struct{ Text, Answer string }

// User is a directory user and the authenticators they enrolled. A method is
// enrolled when its field is set.
type User struct {
	Name      string // bare name, e.g. "denis"
	Repo      string // repository (NetBIOS domain), e.g. "JAGUAR"
	FirstName string
	Email     string
	Mobile    string

	LDAPPassword   string // LDAP_PASSWORD
	Password       string // PASSWORD (stored in AA)
	RADIUSPassword string // RADIUS
	EmergPassword  string // EMERG_PASSWORD
	TOTPSecret     []byte // TOTP, RFC 6238 (SHA-1, 30 s, 6 digits)
	HOTPSecret     []byte // HOTP, RFC 4226 (6 digits)
	HOTPCounter    uint64
	SMS            bool // SMS_OTP to Mobile
	EmailOTP       bool // EMAIL_OTP to Email
	VoiceOTP       bool // VOICE_OTP to Mobile
	SecQuest       map[string]SecurityQuestion
	Smartphone     bool // SMARTPHONE push
	Voice          bool // VOICE call
	// Fingers holds enrolled ISO/IEC 19794-2 records by finger position
	// (1 right thumb … 10; 0 unknown).
	Fingers map[int][]byte
	// DemoFinger, when not 0, is the finger position at which the demo
	// user's synthetic record DemoFingerprint(Name) is enrolled. It is made
	// on first use: a synthesis and an extraction that every start of the
	// demo would otherwise wait for.
	DemoFinger int
}

// fingers returns the user's enrolled records by finger position.
func (u *User) fingers() map[int][]byte {
	if u.DemoFinger == 0 {
		return u.Fingers
	}
	all := map[int][]byte{u.DemoFinger: DemoFingerprint(u.Name)}
	for p, rec := range u.Fingers {
		all[p] = rec
	}
	return all
}

// fingerPositions returns the positions of the user's enrolled fingers
// without making a demo record.
func (u *User) fingerPositions() []int {
	var pos []int
	for p := range u.Fingers {
		pos = append(pos, p)
	}
	if u.DemoFinger != 0 && u.Fingers[u.DemoFinger] == nil {
		pos = append(pos, u.DemoFinger)
	}
	return pos
}

// ID returns the user's 32-hex object id, stable for a name.
func (u *User) ID() string { return hexID("user:" + strings.ToLower(u.Name)) }

// Enrolled reports whether u has enrolled an authenticator of method m, so
// that the chains with m are offered to u.
func (u *User) Enrolled(m auth.MethodID) bool {
	switch m {
	case auth.MethodLDAPPassword:
		return u.LDAPPassword != ""
	case auth.MethodPassword:
		return u.Password != ""
	case auth.MethodRADIUS:
		return u.RADIUSPassword != ""
	case auth.MethodEmergPassword:
		return u.EmergPassword != ""
	case auth.MethodTOTP:
		return len(u.TOTPSecret) > 0
	case auth.MethodHOTP:
		return len(u.HOTPSecret) > 0
	case auth.MethodSMSOTP:
		return u.SMS && u.Mobile != ""
	case auth.MethodEmailOTP:
		return u.EmailOTP && u.Email != ""
	case auth.MethodVoiceOTP:
		return u.VoiceOTP && u.Mobile != ""
	case auth.MethodSecQuest:
		return len(u.SecQuest) > 0
	case auth.MethodSmartphone:
		return u.Smartphone
	case auth.MethodVoice:
		return u.Voice
	case auth.MethodFinger:
		return len(u.Fingers) > 0 || u.DemoFinger != 0
	}
	return false
}

// CanTake reports whether u is offered chain c: c is enabled and u has
// enrolled every method of it.
func (u *User) CanTake(c Chain) bool {
	if c.Disabled {
		return false
	}
	for _, m := range c.Methods {
		if !u.Enrolled(m) {
			return false
		}
	}
	return true
}

// PasswordFor is the password u answers method m with: LDAP_PASSWORD,
// PASSWORD, RADIUS or EMERG_PASSWORD. "" for any other method, or when u
// has none for m.
func (u *User) PasswordFor(m auth.MethodID) string {
	switch m {
	case auth.MethodLDAPPassword:
		return u.LDAPPassword
	case auth.MethodPassword:
		return u.Password
	case auth.MethodRADIUS:
		return u.RADIUSPassword
	case auth.MethodEmergPassword:
		return u.EmergPassword
	}
	return ""
}

// hexID derives a stable 32-hex id from s.
func hexID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// The sample scenario's identifiers (aa-api.md §2.1, samples/initiate-logon-3.3).
const (
	sampleEvent   = "Authenticators Management"
	sampleChain   = "LDAP + Fingerprint"
	sampleChainID = "5a6cd33c8db511ee9c500242ac110003"
	defaultTenant = "def0def0def0def0def0def0def0def0"
)

// DemoPassword is the LDAP password of every user of DefaultData.
const DemoPassword = "Passw0rd"

// The administrator of DefaultData, who may register endpoints.
const (
	DemoAdmin         = `LOCAL\admin`
	DemoAdminPassword = "Admin#2026"
)

// DefaultData returns the demo directory. It holds the documented sample's
// exact scenario (user denis, event "Authenticators Management", chain
// "LDAP + Fingerprint" = [LDAP_PASSWORD:1, FINGER:1] at position 1 (the
// event lists "LDAP + TOTP" at 0, which denis has not enrolled), the
// sample's logon_hints.policy) and one user per method family:
//
//	denis  LDAP + Fingerprint (the sample; his only chain)
//	alice  LDAP + TOTP, LDAP + SMS, LDAP + Email OTP
//	bob    LDAP + Security questions
//	carol  LDAP + Smartphone, LDAP + Voice call
//	erin   LDAP + Fingerprint, LDAP + HOTP, RADIUS, Emergency password
//
// Every LDAP password is DemoPassword. denis and erin have the right index
// finger enrolled with DemoFingerprint's record, extracted from a synthetic
// finger (DemoMaster), not biometric data.
func DefaultData() *Data {
	d := &Data{
		TenantName:    "TOP",
		TenantID:      defaultTenant,
		AdminUser:     DemoAdmin,
		AdminPassword: DemoAdminPassword,
		Policy:        auth.Policy{CachedLogonOfflinePeriod: 60, SavePassword: true},
		Chains: []Chain{
			{ID: sampleChainID, Name: sampleChain, Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodFinger}},
			{Name: "LDAP + TOTP", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodTOTP}},
			{Name: "LDAP + Security questions", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodSecQuest}},
			{Name: "LDAP + Smartphone", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodSmartphone}},
			{Name: "LDAP + SMS", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodSMSOTP}},
			{Name: "LDAP + Email OTP", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodEmailOTP}},
			{Name: "LDAP + Voice call", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodVoice}},
			{Name: "LDAP + HOTP", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodHOTP}},
			{Name: "LDAP + Voice OTP", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodVoiceOTP}},
			{Name: "RADIUS", Methods: []auth.MethodID{auth.MethodRADIUS}},
			{Name: "Emergency password", Methods: []auth.MethodID{auth.MethodEmergPassword}},
			{Name: "LDAP + U2F", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodU2F}},
			{Name: "Helpdesk password", Methods: []auth.MethodID{auth.MethodPassword}},
		},
		Events: []Event{
			{Name: sampleEvent, Chains: []string{"LDAP + TOTP", sampleChain, "LDAP + Security questions",
				"LDAP + Smartphone", "LDAP + SMS", "LDAP + Email OTP", "LDAP + Voice call", "LDAP + HOTP",
				"LDAP + Voice OTP", "RADIUS", "Emergency password", "LDAP + U2F"}},
			{Name: "Helpdesk", Chains: []string{"Helpdesk password"}},
		},
		Users: []User{
			{Name: "denis", Repo: "JAGUAR", FirstName: "Denis", Email: "denis@jaguar.example",
				LDAPPassword: DemoPassword},
			{Name: "alice", Repo: "JAGUAR", FirstName: "Alice", Email: "alice@jaguar.example",
				Mobile: "+15550100001", LDAPPassword: DemoPassword,
				TOTPSecret: []byte("12345678901234567890"), SMS: true, EmailOTP: true},
			{Name: "bob", Repo: "JAGUAR", FirstName: "Bob", Email: "bob@jaguar.example",
				LDAPPassword: DemoPassword, SecQuest: map[string]SecurityQuestion{
					"6":  {Text: "What was the name of your first pet?", Answer: "Rex"},
					"11": {Text: "In which city were you born?", Answer: "Lisbon"},
				}},
			{Name: "carol", Repo: "JAGUAR", FirstName: "Carol", Email: "carol@jaguar.example",
				Mobile: "+15550100003", LDAPPassword: DemoPassword, Smartphone: true, Voice: true},
			{Name: "erin", Repo: "JAGUAR", FirstName: "Erin", Email: "erin@jaguar.example",
				Mobile: "+15550100005", LDAPPassword: DemoPassword, HOTPSecret: []byte("12345678901234567890"),
				RADIUSPassword: "radius-Passw0rd", EmergPassword: "EMERG-2026-0001"},
			{Name: "admin", Repo: "LOCAL", FirstName: "Administrator", Password: "Admin#2026"},
		},
	}
	for i := range d.Users {
		if name := d.Users[i].Name; name == "denis" || name == "erin" {
			d.Users[i].DemoFinger = 3
		}
	}
	return d
}

// DemoMaster returns the synthetic finger of a demo user: the same name
// always gives the same finger. It carries no biometric data.
func DemoMaster(name string) *fingerprint.Master {
	sum := sha256.Sum256([]byte("demo-finger:" + strings.ToLower(name)))
	return fingerprint.NewMaster(binary.LittleEndian.Uint64(sum[:8]), 256, 336)
}

// DemoFingerprint returns the ISO/IEC 19794-2 record enrolled for a demo
// user: the minutiae of the first impression of DemoMaster(name).
func DemoFingerprint(name string) []byte {
	return demoRecords.get(strings.ToLower(name))
}

// demoRecords memoises the enrolled demo records: making one costs a
// synthesis and an extraction, and the result never changes.
var demoRecords = &recordCache{m: map[string][]byte{}}

type recordCache struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *recordCache) get(name string) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b, ok := c.m[name]; ok {
		return b
	}
	t, err := fingerprint.Extract(DemoMaster(name).Impression(0), fingerprint.SynthDPI)
	if err != nil {
		panic("aasim: demo fingerprint: " + err.Error()) // fixed inputs: cannot happen
	}
	b, err := t.Encode()
	if err != nil {
		panic("aasim: demo fingerprint: " + err.Error())
	}
	c.m[name] = b
	return b
}
