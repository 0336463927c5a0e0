package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// hostileServer serves TLS with a self-signed certificate whose subject
// holds a forged line, followed by many copies of itself.
func hostileServer(t *testing.T) *httptest.Server {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "evil\nverified: yes"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"127.0.0.1"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	chain := [][]byte{der}
	for range 30 {
		chain = append(chain, der)
	}
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	ts.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: chain, PrivateKey: key}}}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return ts
}

func TestTLSText_AHostileServerCannotForgeALineOrGrowTheFile(t *testing.T) {
	ts := hostileServer(t)
	got := string(tlsText(t.Context(), tlsCheck{URL: ts.URL + "/api/v1"}))
	if !strings.Contains(got, "\nverified: no") {
		t.Errorf("tls.txt does not say the self-signed chain fails:\n%s", got)
	}
	if strings.Contains(got, "\nverified: yes") {
		t.Errorf("the certificate's subject forged a line:\n%s", got)
	}
	if n := strings.Count(got, "\ncertificate "); n != maxChain || !strings.Contains(got, "and 23 more certificates, not shown") {
		t.Errorf("tls.txt shows %d certificates, want %d and a count of the rest:\n%s", n, maxChain, got)
	}
}
