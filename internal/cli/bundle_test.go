package cli

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"aalogon/auth/aasim"
	"aalogon/device"
	"aalogon/device/usb"
	"aalogon/internal/config"
	"aalogon/internal/logfile"
)

// TestMain gives the package's tests a state folder of their own: a logon
// they run writes its log there, never to the state folder of the person
// running them. They speak English whatever the locale of that person; a
// test of another language sets it.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "aalogon-state-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_STATE_HOME", dir)
	os.Unsetenv("LC_ALL")
	os.Unsetenv("LC_MESSAGES")
	os.Setenv("LANG", "C.UTF-8")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// session is a configuration of a simulator this test serves, and the
// endpoint secret kept beside it.
type session struct {
	cfgPath, secret, state string
}

func newSession(t *testing.T) session {
	t.Helper()
	keyring.MockInitWithError(errNoSecretService) // the secret goes to client.json.secret
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	sim, srv, err := startSim("127.0.0.1:0", false, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cfgPath := filepath.Join(t.TempDir(), "client.json")
	if _, err := writeClientConfig(sim, srv, cfgPath); err != nil {
		t.Fatal(err)
	}
	secret, err := os.ReadFile(config.SecretFile(cfgPath))
	if err != nil || len(bytes.TrimSpace(secret)) < 16 {
		t.Fatalf("endpoint secret %q, %v", secret, err)
	}
	return session{cfgPath, string(bytes.TrimSpace(secret)), state}
}

func (s session) logon(t *testing.T, stdin string, args ...string) {
	t.Helper()
	args = append([]string{"logon", "--config", s.cfgPath}, args...)
	if out, stderr, code := runWith(t, stdin, args...); code != 0 || !strings.Contains(out, "signed in as") {
		t.Fatalf("%v: exit %d, %q %q", args, code, out, stderr)
	}
}

// readBundle builds the bundle of s and returns its entries.
func (s session) readBundle(t *testing.T, args ...string) map[string][]byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "bundle.zip")
	args = append([]string{"support-bundle", "--out", out}, args...)
	if stdout, stderr, code := runWith(t, "", args...); code != 0 {
		t.Fatalf("support-bundle: exit %d, %q %q", code, stdout, stderr)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the bundle: %v, %v; want mode 0600", st, err)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { zr.Close() })
	entries := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		entries[f.Name] = b
		names = append(names, f.Name)
	}
	if got, want := strings.Join(names, " "), strings.Join(bundleEntries, " "); got != want {
		t.Errorf("entries %s, want %s", got, want)
	}
	return entries
}

func demoUser(t *testing.T, name string) aasim.User {
	t.Helper()
	for _, u := range aasim.DefaultData().Users {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no demo user %s", name)
	return aasim.User{}
}

// encodings are the forms a secret could leak in.
func encodings(secret []byte) map[string]string {
	return map[string]string{
		"plain":            string(secret),
		"base64":           base64.StdEncoding.EncodeToString(secret),
		"base64 unpadded":  base64.RawStdEncoding.EncodeToString(secret),
		"base64url":        base64.URLEncoding.EncodeToString(secret),
		"base64url raw":    base64.RawURLEncoding.EncodeToString(secret),
		"hex":              hex.EncodeToString(secret),
		"hex (upper case)": strings.ToUpper(hex.EncodeToString(secret)),
	}
}

func TestSupportBundle_AfterAFullSessionHoldsWhatAHelpDeskNeedsAndNoSecret(t *testing.T) {
	s := newSession(t)
	record := aasim.DemoFingerprint("denis")
	iso := filepath.Join(t.TempDir(), "denis.iso")
	os.WriteFile(iso, record, 0o600)
	s.logon(t, aasim.DemoPassword+"\n", "--user", "denis", "--password-stdin", "--finger-iso", iso, "--sign-out")
	// The demo's own simulator and virtual reader: its finger is read and
	// extracted in the process, as in the window.
	if out, stderr, code := runWith(t, aasim.DemoPassword+"\n", "logon", "--demo", "--user", "erin", "--chain", "LDAP + Fingerprint", "--password-stdin"); code != 0 {
		t.Fatalf("logon --demo: exit %d, %q %q", code, out, stderr)
	}
	alice := demoUser(t, "alice")
	otp := aasim.TOTP(alice.TOTPSecret, time.Now())
	s.logon(t, aasim.DemoPassword+"\n"+otp+"\n", "--user", "alice", "--chain", "LDAP + TOTP", "--verbose")
	bob := demoUser(t, "bob")
	var answers []string
	for _, id := range []string{"11", "6"} { // the order the simulator asks them in
		answers = append(answers, bob.SecQuest[id].Answer)
	}
	s.logon(t, aasim.DemoPassword+"\n"+strings.Join(answers, "\n")+"\n", "--user", "bob", "--chain", "LDAP + Security questions")

	entries := s.readBundle(t, "--config", s.cfgPath)

	secrets := map[string][]byte{
		"the password": []byte(aasim.DemoPassword), "the OTP": []byte(otp),
		"the endpoint secret": []byte(s.secret), "the finger record": record,
		"the middle of the finger record": record[len(record)/2 : len(record)/2+24],
	}
	for _, a := range answers {
		secrets["the answer "+a] = []byte(a)
	}
	// A six-digit code could occur inside a longer number (a hash, a
	// time): as plain text it counts only on its own.
	otpAlone := regexp.MustCompile(`(^|[^0-9A-Fa-f])` + otp + `($|[^0-9A-Fa-f])`)
	for name, body := range entries {
		if len(body) == 0 {
			t.Errorf("%s is empty", name)
		}
		for what, secret := range secrets {
			for enc, form := range encodings(secret) {
				if what == "the OTP" && enc == "plain" {
					if otpAlone.Match(body) {
						t.Errorf("%s holds %s in plain text", name, what)
					}
					continue
				}
				if bytes.Contains(body, []byte(form)) {
					t.Errorf("%s holds %s as %s", name, what, enc)
				}
			}
		}
	}

	log := string(entries["log.txt"])
	for _, want := range []string{
		`msg="signed in" user=denis chain="LDAP + Fingerprint"`, `msg="signed out" user=denis`,
		`msg="signed in" user=alice chain="LDAP + TOTP"`, `msg="signed in" user=bob chain="LDAP + Security questions"`,
		`msg="method passed" user=bob method=SECQUEST`, `msg="signed in" user=erin chain="LDAP + Fingerprint"`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log.txt lacks %s:\n%s", want, log)
		}
	}
	if strings.Contains(log, "api call") {
		t.Errorf("--verbose's debug lines reached the log file:\n%s", log)
	}
	for entry, want := range map[string]string{
		"version.txt":      "aalogon ",
		"os.txt":           "os ",
		"config.json":      `"value": "present in the keyring or ` + config.SecretFile(s.cfgPath) + `"`,
		"config-check.txt": "the configuration is valid",
		"tls.txt":          "verified: yes",
	} {
		if !strings.Contains(string(entries[entry]), want) {
			t.Errorf("%s lacks %q:\n%s", entry, want, entries[entry])
		}
	}
	if !regexp.MustCompile(`pins: sha256/\S+ matches`).Match(entries["tls.txt"]) {
		t.Errorf("tls.txt does not say which pin matched:\n%s", entries["tls.txt"])
	}
	if !strings.Contains(string(entries["config.json"]), `"source": "`+s.cfgPath+`"`) {
		t.Errorf("config.json does not name the layer of the keys:\n%s", entries["config.json"])
	}
}

func TestSupportBundle_WithoutAConfigurationSaysSo(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	entries := session{}.readBundle(t)
	for entry, want := range map[string]string{
		"config.json":      `"configured": false`,
		"config-check.txt": "no configuration",
		"log.txt":          "no log file at ",
		"tls.txt":          "no server is configured",
	} {
		if !strings.Contains(string(entries[entry]), want) {
			t.Errorf("%s lacks %q:\n%s", entry, want, entries[entry])
		}
	}
}

func TestSupportBundle_AnUnreachableServerIsWrittenDownNotFatal(t *testing.T) {
	keyring.MockInitWithError(errNoSecretService)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "client.json")
	// Port 1 on loopback: nothing listens, the dial is refused at once.
	os.WriteFile(cfgPath, []byte(`{"server_url":"https://127.0.0.1:1/api/v1","endpoint_id":"e1"}`), 0o600)
	entries := session{}.readBundle(t, "--config", cfgPath)
	if tls := string(entries["tls.txt"]); !strings.Contains(tls, "server 127.0.0.1:1\nthe TLS connection failed: ") {
		t.Errorf("tls.txt = %q, want the failed connection", tls)
	}
	if cfg := string(entries["config.json"]); !strings.Contains(cfg, `"value": "missing: there is no endpoint secret for endpoint e1`) {
		t.Errorf("config.json does not say the secret is missing:\n%s", cfg)
	}
}

func TestSupportBundle_TLSSaysWhenThePinsDoNotMatch(t *testing.T) {
	s := newSession(t)
	cfg, err := config.Load(s.cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Pins = []string{"sha256/" + base64.StdEncoding.EncodeToString(make([]byte, 32))}
	cfg.Save(s.cfgPath, config.PrivateMode)
	entries := s.readBundle(t, "--config", s.cfgPath)
	if tls := string(entries["tls.txt"]); !strings.Contains(tls, "verified: yes") || !strings.Contains(tls, "no certificate of the chain matches a configured pin") {
		t.Errorf("tls.txt = %s; want the chain verified and the pins not matched", tls)
	}
}

func TestSupportBundle_NeedsOut(t *testing.T) {
	if _, stderr, code := runWith(t, "", "support-bundle"); code != 2 || !strings.Contains(stderr, "--out is required") {
		t.Errorf("exit %d, %q; want exit 2 and --out is required", code, stderr)
	}
}

func TestLogon_LogFileFalseKeepsNoLog(t *testing.T) {
	s := newSession(t)
	// A kiosk's user file turns the log off; the site file does not say.
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	userFile := filepath.Join(home, "aalogon", "client.json")
	os.MkdirAll(filepath.Dir(userFile), 0o700)
	os.WriteFile(userFile, []byte(`{"log_file":false}`), 0o600)
	iso := filepath.Join(t.TempDir(), "denis.iso")
	os.WriteFile(iso, aasim.DemoFingerprint("denis"), 0o600)
	s.logon(t, aasim.DemoPassword+"\n", "--user", "denis", "--password-stdin", "--finger-iso", iso)
	if _, err := os.Stat(filepath.Join(s.state, "aalogon", logfile.Name)); err == nil {
		t.Error("a log file was written with \"log_file\": false")
	}
}

func TestLogon_ARefusedLogonIsLoggedWithItsNotice(t *testing.T) {
	s := newSession(t)
	_, _, code := runWith(t, "wrong-password\n", "logon", "--config", s.cfgPath, "--user", "alice", "--chain", "LDAP + TOTP")
	if code != 1 {
		t.Fatalf("a wrong password: exit %d, want 1", code)
	}
	b, _ := os.ReadFile(filepath.Join(s.state, "aalogon", logfile.Name))
	for _, want := range []string{`msg="answer refused" user=alice method=LDAP_PASSWORD`, `msg="sign-in ended" user=alice notice=`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the log lacks %s:\n%s", want, b)
		}
	}
	if strings.Contains(string(b), "wrong-password") {
		t.Errorf("the log holds the wrong password:\n%s", b)
	}
}

func TestBundleWriter_TheWindowsDemoShowsTheSimulatorsChain(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	srv := startTestSim(t)
	path := filepath.Join(t.TempDir(), "bundle.zip")
	if err := bundleWriter(Env{Version: "1.2.3"}, "", srv, nil)(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.Open("tls.txt")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	if !strings.Contains(string(b), "verified: yes") || !strings.Contains(string(b), "pins: "+srv.Pin+" matches") {
		t.Errorf("tls.txt = %s; want the simulator's chain verified and pinned", b)
	}
}

// openCounter is a bus that counts the readers opened on it.
type openCounter struct {
	listBus
	opens *int
}

func (b openCounter) Open(i device.Info) (device.Reader, error) {
	*b.opens++
	return b.listBus.Open(i)
}

func TestBundleWriter_ListsTheWindowsReaderWithoutOpeningItAgain(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	opens := 0
	bus := openCounter{listBus{devices: []usb.DeviceInfo{{VID: 0x05ba, PID: 0x000a, Bus: 1, Address: 5}}}, &opens}
	m := device.NewManager(device.ManagerConfig{Bus: bus})
	t.Cleanup(m.Close)
	m.Scan() // the window's manager opens the reader
	path := filepath.Join(t.TempDir(), "bundle.zip")
	if err := bundleWriter(Env{Readers: bus}, "", nil, m)(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, _ := zr.Open("readers.txt")
	b, _ := io.ReadAll(rc)
	want := "05ba:000a  bus 001 device 005  U.are.U 4000B / 4500                     press\n" +
		"the window's reader: ready, U.are.U 4000B / 4500\n"
	if string(b) != want {
		t.Errorf("readers.txt =\n%s\nwant\n%s", b, want)
	}
	if opens != 1 {
		t.Errorf("the reader was opened %d times, want once (by the window's manager only)", opens)
	}
}

func TestSupportBundle_ReadersHoldTheirUSBIDsAndStates(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	bus := listBus{devices: []usb.DeviceInfo{{VID: 0x298d, PID: 0x1010, Bus: 2, Address: 3}}, busy: map[string]bool{"298d:1010": true}}
	got := string(readersText(Env{Readers: bus}, nil))
	if !strings.Contains(got, "298d:1010  bus 002 device 003") || !strings.Contains(got, "in use by another program") {
		t.Errorf("readers.txt = %q; want the id and the busy state", got)
	}
}
