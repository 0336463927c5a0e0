package auth

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"
)

var errPinMismatch = errors.New("no certificate in the chain matches a configured SHA-256 pin")

// TLSOptions configures how the client trusts the server. Verification is
// always on: a CA and pins only narrow or extend what is trusted.
type TLSOptions struct {
	// CAFile is a PEM file of extra trusted CAs, added to the system roots.
	CAFile string
	// CAPEM is the same as CAFile, in memory.
	CAPEM []byte
	// Pins are SHA-256 hashes of a SubjectPublicKeyInfo in the verified
	// chain, as "sha256/<base64>" (the form `openssl … | base64` gives) or
	// 64 hex digits. When set, a chain without a pinned key is refused.
	Pins []string
	// Timeout bounds a whole request. Zero: 30 s.
	Timeout time.Duration
}

// NewHTTPClient returns an HTTP client for the AA server: TLS 1.2 or later,
// the system roots plus opts' CA, optional SPKI pins, keep-alive connection
// reuse and the proxy from the environment (HTTPS_PROXY, NO_PROXY).
func NewHTTPClient(opts TLSOptions) (*http.Client, error) {
	cfg, err := opts.tlsConfig()
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = cfg
	tr.MaxIdleConnsPerHost = 4
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	return &http.Client{Transport: tr, Timeout: timeout}, nil
}

func (opts TLSOptions) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	pem := opts.CAPEM
	if opts.CAFile != "" {
		b, err := os.ReadFile(opts.CAFile)
		if err != nil {
			return nil, fmt.Errorf("auth: CA file: %w", err)
		}
		pem = append(append([]byte{}, pem...), b...)
	}
	if len(pem) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("auth: CA file %q holds no PEM certificate", opts.CAFile)
		}
		cfg.RootCAs = pool
	}
	if len(opts.Pins) > 0 {
		pins := make(map[[32]byte]bool, len(opts.Pins))
		for _, p := range opts.Pins {
			sum, err := ParsePin(p)
			if err != nil {
				return nil, err
			}
			pins[sum] = true
		}
		// VerifyConnection runs after the standard chain verification, so
		// pins add to it and never replace it.
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			for _, chain := range cs.VerifiedChains {
				for _, cert := range chain {
					if pins[sha256.Sum256(cert.RawSubjectPublicKeyInfo)] {
						return nil
					}
				}
			}
			return errPinMismatch
		}
	}
	return cfg, nil
}

// ParsePin parses a pin given as "sha256/<base64>" or 64 hex digits.
func ParsePin(p string) ([32]byte, error) {
	var sum [32]byte
	s := strings.TrimSpace(p)
	var b []byte
	var err error
	if rest, ok := strings.CutPrefix(s, "sha256/"); ok {
		b, err = base64.StdEncoding.DecodeString(rest)
	} else {
		b, err = hex.DecodeString(s)
	}
	if err != nil || len(b) != len(sum) {
		return sum, fmt.Errorf("auth: pin %q is not a SHA-256 hash (want sha256/<base64> or 64 hex digits)", p)
	}
	copy(sum[:], b)
	return sum, nil
}

// PinOf returns the "sha256/<base64>" pin of a certificate's public key.
func PinOf(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return "sha256/" + base64.StdEncoding.EncodeToString(sum[:])
}
