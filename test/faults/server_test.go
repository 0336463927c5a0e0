package faults_test

import (
	"context"
	"net"
	"testing"
	"time"

	"aalogon/auth/aasim"
	"aalogon/auth/flow"
)

// Routes the rows break.
const (
	doLogon = "POST /api/v1/logon/{id}/do_logon"
	chains  = "GET /api/v1/logon/chains"
)

// The sentences the server rows end with.
const (
	networkEN  = "The server cannot be reached. Check the network and try again."
	networkDE  = "Der Server ist nicht erreichbar. Prüfen Sie das Netzwerk und versuchen Sie es erneut."
	serverEN   = "The server had a problem. Try again in a moment."
	serverDE   = "Der Server hatte ein Problem. Versuchen Sie es gleich noch einmal."
	protocolEN = "The server sent an answer this client does not understand."
	protocolDE = "Der Server hat eine unverständliche Antwort gesendet."
)

// faulted signs in once with faults injected into the simulator.
func faulted(s setup, faults ...aasim.Fault) func(t *testing.T) outcome {
	return func(t *testing.T) outcome {
		e := newEnv(t, s)
		for _, f := range faults {
			e.sim.Inject(f)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		return e.observe(func() (*flow.Result, error) { return e.logon(ctx) })
	}
}

// givesUp is faulted with a person who cancels after a while.
func givesUp(after time.Duration, faults ...aasim.Fault) func(t *testing.T) outcome {
	return func(t *testing.T) outcome {
		e := newEnv(t, setup{})
		for _, f := range faults {
			e.sim.Inject(f)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		// The person gives up `after` the silent request reached the
		// server, however long getting there took on a busy machine.
		go func() {
			for ctx.Err() == nil && e.sim.Counts()[doLogon] == 0 {
				time.Sleep(5 * time.Millisecond)
			}
			time.Sleep(after)
			cancel()
		}()
		return e.observe(func() (*flow.Result, error) { return e.logon(ctx) })
	}
}

// status answers code to the first n password answers.
func status(code, n int) func(t *testing.T) outcome {
	return faulted(setup{}, aasim.Fault{Kind: aasim.FaultStatus, Status: code, Route: doLogon, Times: n})
}

// body answers the first request to route with a complete response.
func body(route, b string) func(t *testing.T) outcome {
	return faulted(setup{}, aasim.Fault{Kind: aasim.FaultBody, Route: route, Body: b, Times: 1})
}

// refused points the client at a port where nothing listens.
func refused(t *testing.T) outcome {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return faulted(setup{baseURL: "https://" + addr + "/api/v1"})(t)
}

// short is the request timeout of the rows where the server keeps the
// client waiting. The request that deletes the process after the timeout
// has the same timeout and needs a new TLS connection (the slow one is
// still busy): a second leaves room for that handshake on a loaded CI
// machine, where 0.3 s once did not.
const short = time.Second

func serverRows() []row {
	return []row{
		{group: "server", fault: "433 (endpoint session gone) once, on the password answer",
			happens: "new endpoint session, the answer sent again; signs in", signedIn: true,
			en: "—", de: "—", requests: 8, deleted: "n/a (signed in)", run: status(433, 1)},
		{group: "server", fault: "433 twice in a row",
			happens: "one new endpoint session, then ends", en: serverEN, de: serverDE,
			requests: 7, deleted: "yes", run: status(433, 2)},
		{group: "server", fault: "434 (login session gone) on the password answer",
			happens: "ends with the server's words", en: "Login session is not found", de: "Login session is not found",
			requests: 5, deleted: "yes", run: status(434, 1)},
		{group: "server", fault: "444 (logon process gone) once",
			happens: "starts over once, asks the password again; signs in", signedIn: true,
			en:       "The sign-in took too long and has been started again.",
			de:       "Die Anmeldung hat zu lange gedauert und wurde neu gestartet.",
			requests: 8, deleted: "n/a (signed in)", run: status(444, 1)},
		{group: "server", fault: "444 twice in a row",
			happens: "starts over once, then ends",
			en:      "The sign-in took too long and has been started again. / The sign-in expired. Start again.",
			de: "Die Anmeldung hat zu lange gedauert und wurde neu gestartet. / " +
				"Die Anmeldung ist abgelaufen. Beginnen Sie von vorn.",
			requests: 6, deleted: "n/a (the server said it is gone)", run: status(444, 2)},
		{group: "server", fault: "400 on the password answer", happens: "ends with the server's words",
			en: injected(400), de: injected(400), requests: 5, deleted: "yes", run: status(400, 1)},
		{group: "server", fault: "409 on the password answer", happens: "ends with the server's words",
			en: injected(409), de: injected(409), requests: 5, deleted: "yes", run: status(409, 1)},
		{group: "server", fault: "500 on the password answer", happens: "ends", en: serverEN, de: serverDE,
			requests: 5, deleted: "yes", run: status(500, 1)},
		{group: "server", fault: "503 on the password answer", happens: "ends", en: serverEN, de: serverDE,
			requests: 5, deleted: "yes", run: status(503, 1)},
		{group: "server", fault: "connection refused", happens: "ends", en: networkEN, de: networkDE,
			requests: 0, deleted: "n/a (none started)", run: refused},
		{group: "server", fault: "connection dropped before the answer", happens: "ends",
			en: networkEN, de: networkDE, requests: 5, deleted: "yes",
			run: faulted(setup{}, aasim.Fault{Kind: aasim.FaultDrop, Route: doLogon, Times: 1})},
		{group: "server", fault: "connection dropped mid-body", happens: "ends",
			en: networkEN, de: networkDE, requests: 5, deleted: "yes",
			run: faulted(setup{}, aasim.Fault{Kind: aasim.FaultTruncate, Route: doLogon, Times: 1})},
		{group: "server", fault: "server silent past the timeout (1 s)", happens: "ends after the timeout",
			en: networkEN, de: networkDE, requests: 5, deleted: "yes",
			run: faulted(setup{timeout: short},
				aasim.Fault{Kind: aasim.FaultLatency, Delay: time.Hour, Route: doLogon, Times: 1})},
		{group: "server", fault: "server silent; the person gives up after 0.2 s (timeout 2 s)",
			happens: "ends when the person cancels", en: "Sign-in cancelled.", de: "Anmeldung abgebrochen.",
			requests: 5, deleted: "yes",
			run: givesUp(200*time.Millisecond, aasim.Fault{Kind: aasim.FaultLatency, Delay: time.Hour, Route: doLogon, Times: 1})},
		{group: "server", fault: "slow server: every byte 50 ms late (timeout 1 s)",
			happens: "ends after the timeout", en: networkEN, de: networkDE, requests: 5, deleted: "yes",
			run: faulted(setup{timeout: short},
				aasim.Fault{Kind: aasim.FaultSlow, Delay: 50 * time.Millisecond, Route: doLogon, Times: 1})},
		{group: "server", fault: "truncated JSON", happens: "ends", en: protocolEN, de: protocolDE,
			requests: 5, deleted: "yes",
			run: body(doLogon, `{"status":"NEXT","msg":"Welcome. Continue with the next lo`)},
		{group: "server", fault: "non-JSON (a proxy's HTML page, HTTP 200)", happens: "ends",
			en: protocolEN, de: protocolDE, requests: 5, deleted: "yes",
			run: body(doLogon, `<html><head><title>Proxy sign-in</title></head><body>Sign in</body></html>`)},
		{group: "server", fault: "10 MB body", happens: "ends (read stops at 1 MiB)",
			en: protocolEN, de: protocolDE, requests: 5, deleted: "yes",
			run: faulted(setup{}, aasim.Fault{Kind: aasim.FaultOversize, Size: 10 << 20, Route: doLogon, Times: 1})},
		{group: "server", fault: `unknown status ("PENDING")`, happens: "ends",
			en: `The server gave an answer this client does not know ("PENDING"). Tell your administrator.`,
			de: `Der Server hat eine Antwort gegeben, die dieses Programm nicht kennt ("PENDING"). ` +
				"Wenden Sie sich an Ihre Administration.",
			requests: 5, deleted: "yes", run: body(doLogon, `{"status":"PENDING","msg":"Please wait"}`)},
		{group: "server", fault: "unknown method (U2F) in a chain", happens: "walks the other chain; signs in",
			signedIn: true, en: "—", de: "—", requests: 6, deleted: "n/a (signed in)",
			run: body(chains, `{"chains":[`+
				`{"name":"LDAP + U2F","methods":["LDAP_PASSWORD:1","U2F:1"],"position":0,"is_enabled":true},`+
				`{"name":"LDAP + Fingerprint","methods":["LDAP_PASSWORD:1","FINGER:1"],"position":1,"is_enabled":true}]}`)},
		{group: "server", fault: "a chain whose every method is unsupported", happens: "ends before starting",
			en:       "None of your sign-in methods can be used on this computer. Missing here: BANKID:1, U2F:1.",
			de:       "Keine Ihrer Anmeldemethoden ist auf diesem Computer möglich. Hier fehlt: BANKID:1, U2F:1.",
			requests: 2, deleted: "n/a (none started)",
			run: body(chains, `{"chains":[{"name":"Bank card","methods":["BANKID:1","U2F:1"],"position":0}]}`)},
		{group: "server", fault: "redirect (307) on the password answer", happens: "ends; the redirect is not followed",
			en: "The server sent us elsewhere (https://sso.example.net/login). Tell your administrator.",
			de: "Der Server hat uns an eine andere Adresse verwiesen (https://sso.example.net/login). " +
				"Wenden Sie sich an Ihre Administration.",
			requests: 5, deleted: "yes",
			run: faulted(setup{}, aasim.Fault{Kind: aasim.FaultRedirect, Target: "https://sso.example.net/login",
				Route: doLogon, Times: 1})},
	}
}
