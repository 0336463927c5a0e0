package faults_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http/httptest"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
)

const (
	certificateEN = "The server's certificate was refused. Tell your administrator."
	certificateDE = "Das Zertifikat des Servers wurde abgelehnt. Wenden Sie sich an Ihre Administration."
)

// certServer serves the simulator with a certificate of a CA made here,
// changed by edit; the client trusts that CA.
func certServer(edit func(leaf *x509.Certificate)) func(t *testing.T, sim *aasim.Sim) (*httptest.Server, []byte) {
	return func(t *testing.T, sim *aasim.Sim) (*httptest.Server, []byte) {
		t.Helper()
		now := time.Now()
		caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Fault matrix CA"},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true,
			BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
		caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		ca, _ := x509.ParseCertificate(caDER)
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "aa server"},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
		edit(leaf)
		der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewUnstartedServer(sim)
		ts.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the row's point
		ts.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der, caDER}, PrivateKey: key}}}
		ts.StartTLS()
		return ts, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	}
}

func tlsRow(fault string, s setup) row {
	return row{group: "TLS", fault: fault, happens: "ends before any request", en: certificateEN,
		de: certificateDE, requests: 0, deleted: "n/a (none started)", run: faulted(s)}
}

func tlsRows() []row {
	return []row{
		tlsRow("unknown CA (not in the system roots, none configured)", setup{
			tls: func(o *auth.TLSOptions, _ *httptest.Server) { o.CAPEM = nil }}),
		tlsRow("certificate for another host (aa.example.com)", setup{
			server: certServer(func(c *x509.Certificate) { c.IPAddresses, c.DNSNames = nil, []string{"aa.example.com"} })}),
		tlsRow("expired certificate", setup{
			server: certServer(func(c *x509.Certificate) {
				c.NotBefore, c.NotAfter = time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour)
			})}),
		tlsRow("pin mismatch (trusted CA, another key pinned)", setup{
			tls: func(o *auth.TLSOptions, _ *httptest.Server) {
				o.Pins = []string{"sha256/" + base64.StdEncoding.EncodeToString(make([]byte, 32))}
			}}),
	}
}
