package auth

import (
	"encoding/json"
	"strings"
)

// MethodID names an authentication method as the server does: "NAME:1"
// (aa-api.md §0), e.g. "LDAP_PASSWORD:1".
type MethodID string

// Name returns the method name without the ":1" suffix.
func (m MethodID) Name() string {
	name, _, _ := strings.Cut(string(m), ":")
	return name
}

// The methods this client knows (aa-api.md §0, §3).
const (
	MethodLDAPPassword  MethodID = "LDAP_PASSWORD:1"
	MethodPassword      MethodID = "PASSWORD:1"
	MethodRADIUS        MethodID = "RADIUS:1"
	MethodTOTP          MethodID = "TOTP:1"
	MethodHOTP          MethodID = "HOTP:1"
	MethodEmergPassword MethodID = "EMERG_PASSWORD:1"
	MethodSMSOTP        MethodID = "SMS_OTP:1"
	MethodEmailOTP      MethodID = "EMAIL_OTP:1"
	MethodVoiceOTP      MethodID = "VOICE_OTP:1"
	MethodSecQuest      MethodID = "SECQUEST:1"
	MethodSmartphone    MethodID = "SMARTPHONE:1"
	MethodVoice         MethodID = "VOICE:1"
	MethodFinger        MethodID = "FINGER:1"
	MethodU2F           MethodID = "U2F:1"
	MethodFIDO2         MethodID = "FIDO2:1"
	MethodCard          MethodID = "CARD:1"
)

// ProcessID identifies a logon process (32 alphanumerics).
type ProcessID string

// LoginSessionID identifies a login session, the result of a completed logon.
// It is the credential for the user APIs (aa-api.md §6).
type LoginSessionID string

// Status is the status of a logon step (aa-api.md §2.3).
type Status = string

// Step statuses.
const (
	StatusOK       Status = "OK"
	StatusMoreData Status = "MORE_DATA"
	StatusNext     Status = "NEXT"
	StatusFailed   Status = "FAILED"
	statusError    Status = "error"
)

// Chain is an authentication chain: an ordered list of methods (§2.1).
// Position orders the chains of an event (0 first in third-party bodies).
type Chain struct {
	IDHex     string `json:"id_hex"`
	TenantID  string `json:"tenant_id"`
	IsTrusted *bool  `json:"is_trusted"`
	// IsEnabled is false only when the server says "is_enabled": false; a
	// chain without the key (slim lists) or with null is enabled.
	IsEnabled          bool            `json:"is_enabled"`
	Name               string          `json:"name"`
	ShortName          string          `json:"short_name"`
	Methods            []MethodID      `json:"methods"`
	Position           int             `json:"position"`
	ApplyForEPOwner    bool            `json:"apply_for_ep_owner"`
	ImageName          string          `json:"image_name"`
	RequiredChainIDHex *string         `json:"required_chain_id_hex"`
	GracePeriod        json.RawMessage `json:"grace_period"`
	MFATags            []string        `json:"mfa_tags"`
	RiskLevel          string          `json:"risk_level"`
}

// UnmarshalJSON decodes a chain; only an explicit "is_enabled": false
// disables it.
func (c *Chain) UnmarshalJSON(b []byte) error {
	type plain Chain
	aux := struct {
		*plain
		IsEnabled *bool `json:"is_enabled"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	c.IsEnabled = aux.IsEnabled == nil || *aux.IsEnabled
	return nil
}

// Policy is logon_hints.policy, the LDAP password method's settings (§5).
type Policy struct {
	CachedLogonOfflinePeriod int    `json:"cached_logon_offline_period"`
	CachedLogon              bool   `json:"cached_logon"`
	SSPREnabled              bool   `json:"sspr_enabled"`
	SSPRURL                  string `json:"sspr_url"`
	SSPRCaption              string `json:"sspr_caption"`
	DisableLDAPChange        bool   `json:"disable_ldap_change"`
	SavePassword             bool   `json:"save_password"`
}

// LogonHints is logon_hints: full on POST /logon, {} on /next (§2.1).
type LogonHints struct {
	Policy *Policy `json:"policy,omitempty"`
}

// UserInfo holds the user fields of NEXT and OK steps (§2.3).
type UserInfo struct {
	UserID              string          `json:"user_id,omitempty"`
	UserName            string          `json:"user_name,omitempty"`
	RepoID              string          `json:"repo_id,omitempty"`
	RepoObjID           string          `json:"repo_obj_id,omitempty"`
	UserMobilePhone     string          `json:"user_mobile_phone,omitempty"`
	UserEmail           string          `json:"user_email,omitempty"`
	UserNameNetbios     string          `json:"user_name_netbios,omitempty"`
	TenantName          string          `json:"tenant_name,omitempty"`
	UserRoleAssignments json.RawMessage `json:"user_role_assignments,omitempty"`
	UserCN              string          `json:"user_cn,omitempty"`
	UserSID             string          `json:"user_sid,omitempty"`
	UserSIDHex          string          `json:"user_sid_hex,omitempty"`
	UserUPN             string          `json:"user_upn,omitempty"`
	UserDN              string          `json:"user_dn,omitempty"`
	UserFirstName       string          `json:"user_first_name,omitempty"`
}

// Step is the server's answer to POST /logon, do_logon and next: the whole
// state of a logon process (§2.1–2.4). Fields absent from a reply stay zero.
type Step struct {
	LogonHints         *LogonHints     `json:"logon_hints,omitempty"`
	Status             Status          `json:"status"`
	Msg                string          `json:"msg"`
	Reason             string          `json:"reason"`
	MsgID              string          `json:"msgid"`
	LinkedLogon        bool            `json:"linked_logon"`
	Plugins            []string        `json:"plugins"`
	Chains             []Chain         `json:"chains"`
	Categories         json.RawMessage `json:"categories"`
	CurrentMethod      MethodID        `json:"current_method"`
	CompletedMethods   []MethodID      `json:"completed_methods"`
	LogonProcessID     ProcessID       `json:"logon_process_id"`
	EventName          string          `json:"event_name"`
	EventType          string          `json:"event_type"`
	EventAllCategories bool            `json:"event_all_categories"`
	EventDataID        string          `json:"event_data_id"`
	DataID             string          `json:"data_id"`
	CategoryID         string          `json:"category_id"`
	CurrentCategoryID  string          `json:"current_category_id"`

	// On NEXT and OK.
	UserInfo
	Score               *int           `json:"score,omitempty"`
	LoginSessionID      LoginSessionID `json:"login_session_id,omitempty"`
	CompletedChain      *Chain         `json:"completed_chain,omitempty"`
	CompletedTemplateID string         `json:"completed_template_id,omitempty"`

	// Method specific.
	Questions        map[string]string `json:"questions,omitempty"`
	SignRequests     json.RawMessage   `json:"signRequests,omitempty"`
	WebauthChallenge json.RawMessage   `json:"webauth_challenge,omitempty"`
}

// Policy returns logon_hints.policy, or nil when the step carries none.
func (s *Step) Policy() *Policy {
	if s.LogonHints == nil {
		return nil
	}
	return s.LogonHints.Policy
}

// Err returns an *APIError for a FAILED step and nil otherwise.
func (s *Step) Err(op string) error {
	if s.Status != StatusFailed {
		return nil
	}
	return &APIError{Op: op, HTTPStatus: 200, Status: StatusFailed,
		MsgID: s.MsgID, Reason: s.Reason, Description: s.Msg}
}

// ChainList is the answer of GET /logon/chains (§2.2). A locked user's
// answer may hold only user_is_locked.
type ChainList struct {
	Chains       []Chain `json:"chains"`
	UserIsLocked bool    `json:"user_is_locked"`
}

// LoginSession describes a login session (GET /logon/sessions/{id}, §2.5).
type LoginSession struct {
	EventName  string          `json:"event_name"`
	DataID     string          `json:"data_id"`
	UserName   string          `json:"user_name"`
	UserID     string          `json:"user_id"`
	RepoID     string          `json:"repo_id"`
	RepoObjID  string          `json:"repo_obj_id"`
	Created    string          `json:"created"`
	ChainID    string          `json:"chain_id"`
	UserGroups json.RawMessage `json:"user_groups"`
}

// Template is one enrolled authenticator of a user (§6).
type Template struct {
	ID          string          `json:"id"`
	MethodID    MethodID        `json:"method_id"`
	MethodTitle string          `json:"method_title"`
	Comment     string          `json:"comment"`
	CategoryID  string          `json:"category_id"`
	IsEnrolled  bool            `json:"is_enrolled"`
	Data        json.RawMessage `json:"data,omitempty"`
}

// Endpoint is a registered endpoint: its id and secret (§1).
type Endpoint struct {
	ID     string `json:"id"`
	Secret Secret `json:"-"`
}

// errorBody is the server's error shape (§4), plus the bare
// {"name","description"} of some HTTP 500 answers.
type errorBody struct {
	Status string `json:"status"`
	Errors []struct {
		Location    string `json:"location"`
		Name        string `json:"name"`
		MsgID       string `json:"msgid"`
		Description string `json:"description"`
	} `json:"errors"`
	Reason      string `json:"reason"`
	Name        string `json:"name"`
	Description string `json:"description"`
}
