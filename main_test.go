package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/internal/config"
	"aalogon/internal/shared"
)

// The test binary doubles as aalogon: run with AALOGON_TEST_MAIN=1 it is the
// command itself, so these tests drive real processes.
func TestMain(m *testing.M) {
	if os.Getenv("AALOGON_TEST_MAIN") == "1" {
		main()
		return
	}
	// The commands keep a log file in the user's state folder: the tests'
	// go to a folder of their own, never the state of whoever runs them.
	state, err := os.MkdirTemp("", "aalogon-state-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_STATE_HOME", state)
	code := m.Run()
	os.RemoveAll(state)
	os.Exit(code)
}

func command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	// A real locale: with LANG=C, Fyne logs a parse error at start-up.
	cmd.Env = append(os.Environ(), "AALOGON_TEST_MAIN=1", "LC_ALL=en_US.UTF-8")
	return cmd
}

// startSimulate runs `aalogon simulate` and returns the client configuration
// path and the simulator's URL once it listens.
func startSimulate(t *testing.T) (dir, cfgPath, base string) {
	t.Helper()
	dir = t.TempDir()
	cfgPath = filepath.Join(dir, "client.json")
	ctx, cancel := context.WithCancel(context.Background())
	cmd := command(ctx, "simulate", "--listen", "127.0.0.1:0", "--client-config", cfgPath,
		"--export-fingers", filepath.Join(dir, "fingers"))
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	lines := bufio.NewScanner(stderr)
	// Exporting the demo fingers is a synthesis and an extraction each,
	// many times slower in a race-detector build on a busy machine.
	deadline := time.After(90 * time.Second)
	found := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if after, ok := strings.CutPrefix(lines.Text(), "aalogon: simulator at "); ok {
				found <- after
			}
		}
	}()
	select {
	case base = <-found:
	case <-deadline:
		t.Fatal("aalogon simulate did not start")
	}
	for i := 0; i < 100; i++ { // the configuration is written right after
		if _, err := os.Stat(cfgPath); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return dir, cfgPath, strings.TrimSuffix(base, "/api/v1")
}

// simCounts reads the simulator's request counts through its control API,
// trusting only the CA the simulator wrote.
func simCounts(t *testing.T, cfgPath, base string) map[string]int {
	t.Helper()
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	hc, err := auth.NewHTTPClient(cfg.TLS())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Get(base + "/sim/counts")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var counts map[string]int
	if err := json.NewDecoder(resp.Body).Decode(&counts); err != nil {
		t.Fatal(err)
	}
	if _, err := hc.Post(base+"/sim/counts/reset", "application/json", nil); err != nil {
		t.Fatal(err)
	}
	return counts
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// A logon with the finger is five requests, and the command then ends the
// endpoint session it opened: six in all, none repeated.
func TestLogonAgainstSimulateInFiveRequests(t *testing.T) {
	dir, cfgPath, base := startSimulate(t)
	logon := func(password string) (string, string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := command(ctx, "logon", "--config", cfgPath, "--user", "denis", "--password-stdin",
			"--finger-iso", filepath.Join(dir, "fingers", "denis.iso"))
		cmd.Stdin = strings.NewReader(password + "\n")
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		return out.String(), errOut.String(), err
	}
	out, stderr, err := logon("Passw0rd")
	if err != nil {
		t.Fatalf("logon: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, `signed in as Denis <denis@jaguar.example> with "LDAP + Fingerprint"`) {
		t.Errorf("stdout = %q", out)
	}
	first := simCounts(t, cfgPath, base)
	want := map[string]int{"POST /api/v1/endpoints/{id}/sessions": 1, "POST /api/v1/logon": 1,
		"POST /api/v1/logon/{id}/do_logon": 2, "POST /api/v1/logon/{id}/next": 1,
		"DELETE /api/v1/endpoints/{id}/sessions/{sid}": 1}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("%s: %d requests, want %d", k, first[k], v)
		}
	}
	if total(first) != 6 {
		t.Errorf("first logon: %d requests %v, want 5 and the session's end", total(first), first)
	}

	// A wrong password: exit 1 with the server's message on one line.
	_, stderr, err = logon("not-the-password")
	if code := exitCode(err); code != 1 || !strings.Contains(stderr, "aalogon: Incorrect password\n") {
		t.Errorf("wrong password: exit %d, stderr %q", code, stderr)
	}
	if strings.Contains(stderr, "not-the-password") {
		t.Error("the password was printed")
	}
	simCounts(t, cfgPath, base)
}

func TestSecondLogonOnTheSameSessionCostsFour(t *testing.T) {
	// A client keeps its endpoint session across logons, so a second walk
	// skips the session request. `aalogon logon` signs in once per process,
	// so this drives the client library against the simulate process.
	dir, cfgPath, base := startSimulate(t)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	hc, _ := auth.NewHTTPClient(cfg.TLS())
	secret, err := credstore.New(credstore.Config{}).LoadEndpointSecret(cfg.ServerURL, cfg.EndpointID, config.SecretFile(cfgPath))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(cfgPath); strings.Contains(string(b), secret.Reveal()) {
		t.Error("the endpoint secret is in the general configuration")
	}
	c, err := auth.New(auth.Config{BaseURL: cfg.ServerURL, EndpointID: cfg.EndpointID, EndpointSecret: secret, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	record, _ := os.ReadFile(filepath.Join(dir, "fingers", "denis.iso"))
	walk := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		st, err := c.Start(ctx, "denis", cfg.Event, auth.MethodLDAPPassword)
		if err == nil {
			st, err = c.DoLogon(ctx, st.LogonProcessID, auth.Answer("Passw0rd"))
		}
		if err == nil {
			st, err = c.Next(ctx, st.LogonProcessID, auth.MethodFinger)
		}
		if err == nil {
			st, err = c.DoLogon(ctx, st.LogonProcessID, auth.Capture(record))
		}
		if err != nil || st.Status != auth.StatusOK {
			t.Fatalf("walk: %+v %v", st, err)
		}
	}
	walk()
	if n := total(simCounts(t, cfgPath, base)); n != 5 {
		t.Errorf("first walk: %d requests, want 5", n)
	}
	walk()
	if n := total(simCounts(t, cfgPath, base)); n != 4 {
		t.Errorf("second walk on the same endpoint session: %d requests, want 4", n)
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func TestVersionAndUsage(t *testing.T) {
	out, err := command(context.Background(), "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "aalogon ") {
		t.Errorf("--version = %q, %v", out, err)
	}
	cmd := command(context.Background(), "frobnicate")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if code := exitCode(cmd.Run()); code != 2 || !strings.Contains(stderr.String(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %q", code, stderr.String())
	}
}

// Every recording in usb-recordings/ replays through `aalogon device replay`
// to its capture.png, pixel for pixel: one per driver.
func TestDeviceReplayCommand(t *testing.T) {
	for _, name := range []string{"uru4500", "nb1010", "aes2501", "aes3500", "egis0570", "elan",
		"upektc_img", "vfs0050", "vfs301", "vfs5011", "vfs7552"} {
		t.Run(name, func(t *testing.T) {
			dir, err := shared.Path("usb-recordings/" + name)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), name+".png")
			cmd := command(context.Background(), "device", "replay", "--recording", dir, "--out", out)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v\n%s", err, stderr.String())
			}
			got, _, _, err := shared.GrayPNG(out)
			if err != nil {
				t.Fatal(err)
			}
			want, _, _, _ := shared.GrayPNG(filepath.Join(dir, "capture.png"))
			if !bytes.Equal(got, want) {
				t.Error("the written image differs from capture.png")
			}
			if stderr.Len() != 0 {
				t.Errorf("stderr: %s", stderr.String())
			}
		})
	}
}

func TestRegisterThenLogOnWithTheStoredCredentials(t *testing.T) {
	dir, cfgPath, _ := startSimulate(t)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	newCfg := filepath.Join(t.TempDir(), "registered.json")
	register := func(name, password string, extra ...string) (string, string, int) {
		args := append([]string{"register", "--server", cfg.ServerURL, "--admin-user", `LOCAL\admin`,
			"--admin-password-stdin", "--ca-file", cfg.CAFile, "--config", newCfg, "--name", name}, extra...)
		cmd := command(context.Background(), args...)
		cmd.Stdin = strings.NewReader(password + "\n")
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		code := exitCode(cmd.Run())
		return out.String(), errOut.String(), code
	}
	if _, stderr, code := register("ws-001", "wrong"); code != 1 || !strings.Contains(stderr, "refused the registration") {
		t.Fatalf("wrong admin password: exit %d, %q", code, stderr)
	}
	out, stderr, code := register("ws-001", "Admin#2026")
	if code != 0 || !strings.Contains(out, "registered as endpoint ") {
		t.Fatalf("register: exit %d, %q %q", code, out, stderr)
	}
	if b, _ := os.ReadFile(newCfg); strings.Contains(string(b), "secret") {
		t.Errorf("the configuration mentions a secret: %s", b)
	}
	// A logon with the stored credentials.
	cmd := command(context.Background(), "logon", "--config", newCfg, "--user", "denis", "--password-stdin",
		"--finger-iso", filepath.Join(dir, "fingers", "denis.iso"))
	cmd.Stdin = strings.NewReader("Passw0rd\n")
	if b, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(b), `signed in as Denis <denis@jaguar.example>`) {
		t.Fatalf("logon with the registered endpoint: %v\n%s", err, b)
	}
	// Registering again with the same file is a no-op; the same name from
	// another machine is refused with a hint.
	if out, _, code := register("ws-001", "Admin#2026"); code != 0 || !strings.Contains(out, "already registered") {
		t.Errorf("re-register: exit %d, %q", code, out)
	}
	if _, stderr, code := register("ws-001", "Admin#2026", "--force"); code != 1 || !strings.Contains(stderr, "already exists on the server") {
		t.Errorf("a name the server knows: exit %d, %q", code, stderr)
	}
}
