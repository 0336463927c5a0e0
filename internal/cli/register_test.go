package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"aalogon/auth/aasim"
	"aalogon/internal/config"
)

// startTestSim serves the simulator over HTTPS on loopback until the test ends.
func startTestSim(t *testing.T) *aasim.Server {
	t.Helper()
	_, srv, err := startSim("127.0.0.1:0", false, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func runWith(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(Env{Args: args, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut})
	return out.String(), errOut.String(), code
}

func TestRegister_RefusesPlainHTTPBeforeSendingThePassword(t *testing.T) {
	var requests atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Write([]byte(`{"id":"abc","secret":"x"}`))
	}))
	t.Cleanup(plain.Close)
	cfgPath := filepath.Join(t.TempDir(), "client.json")
	_, stderr, code := runWith(t, "TopSecretAdmin!\n", "register", "--server", plain.URL+"/api/v1",
		"--admin-user", `LOCAL\admin`, "--admin-password-stdin", "--config", cfgPath, "--name", "ws-1")
	if code != 1 || !strings.Contains(stderr, "is not an https:// URL") {
		t.Errorf("register over http: exit %d, %q; want exit 1 and the https rule", code, stderr)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d requests reached the plain-http server, want none", n)
	}
	if _, err := os.Stat(cfgPath); err == nil {
		t.Error("a configuration was written")
	}
}

func TestRegister_RelativeCAFileResolvesToTheSameFile(t *testing.T) {
	keyring.MockInit()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	srv := startTestSim(t)
	work := t.TempDir()
	t.Chdir(work)
	os.WriteFile("company-ca.pem", srv.CAPEM, 0o644)
	cfgPath := filepath.Join(t.TempDir(), "etc", "client.json") // another folder, not there yet
	register := func() (string, string, int) {
		return runWith(t, aasim.DemoAdminPassword+"\n", "register", "--server", srv.URL, "--admin-user", aasim.DemoAdmin,
			"--admin-password-stdin", "--config", cfgPath, "--name", "ws-rel", "--ca-file", "company-ca.pem")
	}
	if out, stderr, code := register(); code != 0 {
		t.Fatalf("register: exit %d, %q %q", code, out, stderr)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(work, "company-ca.pem"); cfg.CAFile != want {
		t.Errorf("ca_file resolves to %q, want %q", cfg.CAFile, want)
	}
	if out, stderr, code := runWith(t, "", "config", "check", "--config", cfgPath); code != 0 {
		t.Errorf("config check: exit %d, %q %q", code, out, stderr)
	}
	// Another CA file for the same registration: the configuration is
	// updated, not declared complete.
	os.WriteFile("other-ca.pem", srv.CAPEM, 0o644)
	out, stderr, code := runWith(t, aasim.DemoAdminPassword+"\n", "register", "--server", srv.URL, "--admin-user", aasim.DemoAdmin,
		"--admin-password-stdin", "--config", cfgPath, "--name", "ws-rel", "--ca-file", "other-ca.pem")
	if code != 0 || !strings.Contains(out, "updated ca_file") {
		t.Errorf("register with another CA file: exit %d, %q %q; want the configuration updated", code, out, stderr)
	}
	if cfg, _ := config.Load(cfgPath); cfg == nil || cfg.CAFile != filepath.Join(work, "other-ca.pem") {
		t.Errorf("ca_file after the update: %+v", cfg)
	}
}

func TestConfigCheck_ReportsAnUnreadableCAFile(t *testing.T) {
	keyring.MockInit()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	path := filepath.Join(dir, "client.json")
	os.WriteFile(path, []byte(`{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1","ca_file":"missing-ca.pem"}`), 0o644)
	os.WriteFile(config.SecretFile(path), []byte("s3cret\n"), 0o600)
	out, stderr, code := runWith(t, "", "config", "check", "--config", path)
	if code != 1 || !strings.Contains(out, "problem: ") || !strings.Contains(out, "missing-ca.pem") {
		t.Errorf("exit %d, %q %q; want exit 1 and a problem naming the CA file", code, out, stderr)
	}
	if strings.Contains(out+stderr, "s3cret") {
		t.Error("config check printed the endpoint secret")
	}
}

func TestConfigCheck_SecretFollowsTheLayerThatSetTheEndpoint(t *testing.T) {
	keyring.MockInitWithError(errNoSecretService) // the secret is in the user file's .secret
	user := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", user)
	userFile := filepath.Join(user, "aalogon", "client.json")
	os.MkdirAll(filepath.Dir(userFile), 0o700)
	os.WriteFile(userFile, []byte(`{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1"}`), 0o600)
	os.WriteFile(config.SecretFile(userFile), []byte("s3cret\n"), 0o600)
	site := filepath.Join(t.TempDir(), "site.json")
	os.WriteFile(site, []byte(`{"event":"Helpdesk"}`), 0o644)
	out, stderr, code := runWith(t, "", "config", "check", "--config", site)
	if code != 0 || !strings.Contains(out, config.SecretFile(userFile)) {
		t.Errorf("exit %d, %q %q; want the secret found beside %s", code, out, stderr, userFile)
	}
	if strings.Contains(out+stderr, "saved password") {
		t.Errorf("an endpoint secret is called a saved password: %q", out+stderr)
	}
}

// The case: a --config site.json holding only the event must not
// move the endpoint secret away from the layer that registered it.
func TestLogon_SiteFileWithOnlyTheEventKeepsTheRegisteredSecret(t *testing.T) {
	keyring.MockInitWithError(errNoSecretService) // the secret goes to client.json.secret
	user := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", user)
	sim, srv, err := startSim("127.0.0.1:0", false, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	if _, err := writeClientConfig(sim, srv, filepath.Join(user, "aalogon", "client.json")); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	site := filepath.Join(dir, "site.json")
	os.WriteFile(site, []byte(`{"event":"Authenticators Management"}`), 0o644)
	iso := filepath.Join(dir, "denis.iso")
	os.WriteFile(iso, aasim.DemoFingerprint("denis"), 0o600)
	out, stderr, code := runWith(t, aasim.DemoPassword+"\n", "logon", "--config", site, "--user", "denis",
		"--password-stdin", "--finger-iso", iso)
	if code != 0 || !strings.Contains(out, "signed in as") {
		t.Errorf("logon with site.json: exit %d, %q %q", code, out, stderr)
	}
}
