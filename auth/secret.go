package auth

import "log/slog"

// Secret is a value that must never be printed: a password, an OTP, an
// answer to a security question or the endpoint secret. Its String, GoString,
// LogValue and MarshalJSON all give "[redacted]"; Reveal gives the value.
type Secret string

const redacted = "[redacted]"

// String returns "[redacted]".
func (Secret) String() string { return redacted }

// GoString returns "[redacted]", so %#v does not leak the value either.
func (Secret) GoString() string { return redacted }

// LogValue returns "[redacted]" for log/slog.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON returns "[redacted]": wire bodies are built from Reveal, never
// by marshalling a Secret.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// Reveal returns the secret value. Call it only where the value is sent.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s == "" }
