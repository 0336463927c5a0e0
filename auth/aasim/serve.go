package aasim

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"time"

	"aalogon/auth"
)

// Server is a simulator served over HTTPS with a certificate of its own CA.
type Server struct {
	// URL is the API root, e.g. "https://127.0.0.1:8443/api/v1".
	URL string
	// CAPEM is the PEM of the CA that signed the server certificate: the
	// file a client trusts.
	CAPEM []byte
	// Pin is the "sha256/<base64>" SPKI pin of the server certificate.
	Pin string
	// Listener is the bound listener.
	Listener net.Listener

	srv *http.Server
}

// Serve serves h (usually a *Sim) over HTTPS on addr ("127.0.0.1:0" picks a
// free port) with a freshly generated CA and server certificate valid for
// the listening address, localhost and this host's name. It returns once
// the listener is bound.
func Serve(addr string, h http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("aasim: listen: %w", err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	caPEM, cert, pin, err := newCertificate(host)
	if err != nil {
		ln.Close()
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		// Refused handshakes are the client's business; do not print them.
		ErrorLog:  log.New(io.Discard, "", 0),
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
	urlHost := host
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		urlHost = "127.0.0.1"
	}
	s := &Server{URL: "https://" + net.JoinHostPort(urlHost, port) + api, CAPEM: caPEM, Pin: pin,
		Listener: ln, srv: srv}
	go func() {
		if err := srv.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "aasim: serve:", err)
		}
	}()
	return s, nil
}

// Close stops the server at once, closing every connection.
func (s *Server) Close() error { return s.srv.Close() }

// Shutdown stops the server gracefully, waiting for requests in flight
// until ctx is done.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

// newCertificate makes a CA and a server certificate for host.
func newCertificate(host string) (caPEM []byte, leaf tls.Certificate, pin string, err error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, leaf, "", err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: serial(), Subject: pkix.Name{CommonName: "AA simulator CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(90 * 24 * time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, leaf, "", err
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, leaf, "", err
	}
	tmpl := &x509.Certificate{SerialNumber: serial(), Subject: pkix.Name{CommonName: "AA simulator"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(90 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}}
	if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() {
		tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
	}
	if name, err := os.Hostname(); err == nil {
		tmpl.DNSNames = append(tmpl.DNSNames, name)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, leaf, "", err
	}
	cert, _ := x509.ParseCertificate(der)
	leaf = tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key, Leaf: cert}
	caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	return caPEM, leaf, auth.PinOf(cert), nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	return n
}
