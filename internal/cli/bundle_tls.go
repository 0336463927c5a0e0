package cli

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode"

	"aalogon/auth"
)

// tlsDialTimeout bounds the bundle's TLS handshake with the server.
const tlsDialTimeout = 5 * time.Second

// tlsCheck is the server tls.txt describes and how the client trusts it
// (URL "": none is configured).
type tlsCheck struct {
	URL   string
	Trust auth.TLSOptions
}

func tlsTarget(src bundleSource, c bundleConfig) tlsCheck {
	if src.server != "" {
		return tlsCheck{src.server, src.trust}
	}
	if c.eff == nil || c.eff.ServerURL == "" {
		return tlsCheck{}
	}
	return tlsCheck{c.eff.ServerURL, c.eff.TLS()}
}

// tlsText is tls.txt: the chain the server presents, each certificate
// with its subject, issuer, validity and SHA-256 hashes (of the
// certificate, and of its public key as a pin), and whether the chain
// verifies against the system roots, the configured CA file and pins. The
// handshake sends nothing but a TLS hello; any failure is written down.
func tlsText(ctx context.Context, t tlsCheck) []byte {
	var b strings.Builder
	if t.URL == "" {
		return []byte("no server is configured: nothing to check\n")
	}
	u, err := url.Parse(t.URL)
	if err != nil || u.Hostname() == "" {
		return []byte(fmt.Sprintf("server_url %q is not a URL\n", t.URL))
	}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "443"
	}
	addr := net.JoinHostPort(host, port)
	fmt.Fprintf(&b, "server %s\n", addr)
	if p := os.Getenv("HTTPS_PROXY") + os.Getenv("https_proxy"); p != "" {
		b.WriteString("note: a proxy is set for HTTPS; this check connects directly\n")
	}
	ctx, cancel := context.WithTimeout(ctx, tlsDialTimeout)
	defer cancel()
	// Verification is done below, against the client's own trust, so that
	// an untrusted chain is still shown.
	d := tls.Dialer{Config: &tls.Config{ServerName: host, InsecureSkipVerify: true, MinVersion: tls.VersionTLS12}}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		fmt.Fprintf(&b, "the TLS connection failed: %v\n", err)
		return []byte(b.String())
	}
	state := conn.(*tls.Conn).ConnectionState()
	conn.Close()
	fmt.Fprintf(&b, "protocol %s, cipher suite %s\n\n", tls.VersionName(state.Version), tls.CipherSuiteName(state.CipherSuite))
	for i, c := range state.PeerCertificates {
		if i == maxChain {
			fmt.Fprintf(&b, "and %d more certificates, not shown\n", len(state.PeerCertificates)-i)
			break
		}
		sum := sha256.Sum256(c.Raw)
		fmt.Fprintf(&b, "certificate %d\n  subject     %s\n  issuer      %s\n  valid       %s to %s\n  sha256      %s\n  public key  %s\n",
			i, printable(c.Subject.String()), printable(c.Issuer.String()), c.NotBefore.UTC().Format(time.RFC3339), c.NotAfter.UTC().Format(time.RFC3339),
			strings.ToUpper(hex.EncodeToString(sum[:])), auth.PinOf(c))
		names := c.DNSNames
		for _, ip := range c.IPAddresses {
			names = append(names, ip.String())
		}
		if len(names) > 0 {
			fmt.Fprintf(&b, "  names       %s\n", printable(strings.Join(names, ", ")))
		}
	}
	b.WriteString("\n" + verifyChain(host, state.PeerCertificates, t.Trust))
	return []byte(b.String())
}

// maxChain is how many certificates of a chain tls.txt shows: a real chain
// has three or four; a server sending hundreds gets no bigger bundle.
const maxChain = 8

// printable is a certificate's text with control characters shown as
// "?" and cut to 200 bytes: a hostile server's subject cannot forge lines
// of tls.txt ("verified: yes") or grow it.
func printable(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "") + "…"
	}
	return s
}

// verifyChain checks certs as the client does (auth.NewHTTPClient): the
// system roots plus the CA file, then the pins over the verified chain.
func verifyChain(host string, certs []*x509.Certificate, trust auth.TLSOptions) string {
	if len(certs) == 0 {
		return "verified: no, the server presented no certificate\n"
	}
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	pem := trust.CAPEM
	if trust.CAFile != "" {
		b, err := os.ReadFile(trust.CAFile)
		if err != nil {
			return fmt.Sprintf("verified: not checked, the CA file cannot be read: %v\n", err)
		}
		pem = append(append([]byte{}, pem...), b...)
	}
	if len(pem) > 0 && !roots.AppendCertsFromPEM(pem) {
		return fmt.Sprintf("verified: not checked, the CA file %q holds no PEM certificate\n", trust.CAFile)
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	chains, err := certs[0].Verify(x509.VerifyOptions{DNSName: host, Roots: roots, Intermediates: inter})
	if err != nil {
		return fmt.Sprintf("verified: no, against the system roots and ca_file %q: %v\n", trust.CAFile, err)
	}
	out := fmt.Sprintf("verified: yes, against the system roots and ca_file %q\n", trust.CAFile)
	if len(trust.Pins) == 0 {
		return out + "pins: none configured\n"
	}
	for _, p := range trust.Pins {
		want, err := auth.ParsePin(p)
		if err != nil {
			continue
		}
		for _, chain := range chains {
			for _, c := range chain {
				if sha256.Sum256(c.RawSubjectPublicKeyInfo) == want {
					return out + fmt.Sprintf("pins: %s matches %s\n", p, printable(c.Subject.String()))
				}
			}
		}
	}
	return out + fmt.Sprintf("pins: no certificate of the chain matches a configured pin (%s): logon would fail\n", strings.Join(trust.Pins, ", "))
}
