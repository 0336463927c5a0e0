package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/credstore"
	"aalogon/auth/flow"
	"aalogon/device"
	"aalogon/device/capture"
	"aalogon/device/readers"
	"aalogon/internal/config"
)

func logonCmd(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "logon")
	cfgPath := fs.String("config", "", "client configuration `FILE`, over the system and user files")
	demo := fs.Bool("demo", false, "sign in to an embedded simulator with its demo users")
	user := fs.String("user", "", "user `NAME` (denis, JAGUAR\\denis)")
	event := fs.String("event", "", "event to sign in to (default: the configuration's, else \"Authenticators Management\")")
	chain := fs.String("chain", "", "chain `NAME` to walk (default: ask, or the first this client can complete)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	fingerISO := fs.String("finger-iso", "", "answer FINGER with the ISO/IEC 19794-2 record in `FILE`")
	signOut := fs.Bool("sign-out", false, "end the login session right after signing in")
	printSession := fs.Bool("print-session", false, "print only the login session id on standard output")
	verbose := fs.Bool("verbose", false, "log each API call to standard error (never a secret)")
	remember := fs.Bool("remember", false, "save the LDAP password in this computer's keyring, if the server allows it")
	noSaved := fs.Bool("no-saved", false, "do not use a password saved in the keyring")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	language := langFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	say := env.say()
	say.choose(*language)
	*user = auth.NormalizeUser(*user) // the one form, for the request and the keyring
	if *user == "" {
		return usageErr("cli.need_user")
	}
	if *cfgPath != "" && *demo {
		return usageErr("cli.config_or_demo")
	}
	var password *auth.Secret
	if *pwStdin { // before anything is sent: no password, no request
		s, err := passwordFromStdin(env.Stdin)
		if err != nil {
			return err
		}
		password = &s
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	var toStderr slog.Handler // --verbose: every API call, at debug level
	if *verbose {
		toStderr = slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})
	}
	log, closeLog := productLog(env, *cfgPath, toStderr)
	defer closeLog()
	log = log.With("user", *user)
	client, cfg, finger, demoCode, err := connect(*cfgPath, *demo, *user, log, env)
	if err != nil {
		return err
	}
	say.choose(*language, cfg.Language)
	client.SetLanguage(say.lang) // the server's messages in the same language
	defer client.Close(ctx)      // the endpoint session ends with the command, even after a failure
	if *fingerISO != "" {
		rec, err := os.ReadFile(*fingerISO)
		if err != nil {
			return &hinted{msg: msg("cli.finger_record"), detail: err.Error()}
		}
		finger = staticRecord(rec)
	} else if !*demo {
		// A real reader, found when FINGER comes (USB builds only).
		m := device.NewManager(device.ManagerConfig{Bus: readers.USB{}, Log: log})
		defer m.Close()
		finger = capture.Source{Capture: func(ctx context.Context, ev chan<- device.Event) (*device.Sample, error) {
			m.Scan()
			return m.Capture(ctx, ev)
		}}
	}
	tp := newTermPrompter(env.Stdin, env.Stderr, password)
	tp.say = say
	if demoCode != nil {
		tp.demoCode = func(m auth.MethodID) string { return demoCode(*user, m) }
	}
	ev := *event
	if ev == "" {
		ev = cfg.Event
	}
	if ev == "" {
		ev = defaultEvent
	}
	var offer *credstore.Offer
	if !*demo {
		key := credstore.Key{Server: client.BaseURL(), Event: ev, User: *user}
		var err error
		offer, err = credstore.New(credstore.Config{}).Offer(ctx, key)
		if password == nil && !*noSaved {
			tp.offer = offer
			if errors.Is(err, credstore.ErrTimeout) {
				say.line(env.Stderr, "cli.keyring_slow")
			}
		}
	}
	var p flow.Prompter = tp
	if tp.tty {
		p = ttyChooser{tp}
	}
	f, err := flow.New(flow.Config{Client: client, Prompter: p, Log: log, Fingerprint: finger})
	if err != nil {
		return err
	}
	res, err := f.Run(ctx, flow.Request{User: *user, Event: ev, Chain: *chain})
	if err != nil {
		log.Info("sign-in ended", "notice", flow.NoticeFor(err).Key)
		return explain(err, *verbose)
	}
	log.Info("signed in", "chain", res.Chain.Name)
	if offer != nil {
		rememberPassword(env, offer, res, *remember)
	}
	if *printSession {
		fmt.Fprintln(env.Stdout, res.LoginSession)
	} else {
		// The person as the window names them: the first name, else the
		// user name without its domain.
		name := res.User.DisplayName()
		if name == "" {
			name = auth.UserInfo{UserName: *user}.DisplayName()
		}
		if res.User.UserEmail != "" {
			say.line(env.Stdout, "cli.signed_in_email", "User", name, "Email", res.User.UserEmail, "Chain", res.Chain.Name)
		} else {
			say.line(env.Stdout, "cli.signed_in", "User", name, "Chain", res.Chain.Name)
		}
	}
	if *signOut {
		if err := f.SignOut(ctx, res); err != nil {
			return explain(err, *verbose)
		}
		log.Info("signed out")
		say.line(env.Stderr, "cli.signed_out")
	}
	return nil
}

// passwordFromStdin is the first line of standard input, the password of
// --password-stdin. An empty line, or none, is no password: refused here,
// before anything is sent (the flow would refuse it too, and then ask a
// terminal there may not be).
func passwordFromStdin(stdin io.Reader) (auth.Secret, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", &hinted{msg: msg("cli.password_stdin"), hint: msg("cli.hint_password_stdin"), detail: oneLine(err)}
	}
	s := auth.Secret(strings.TrimRight(line, "\r\n"))
	if s == "" {
		return "", &hinted{msg: msg("cli.password_stdin"), hint: msg("cli.hint_password_stdin")}
	}
	return s, nil
}

// startDemo starts the embedded simulator of --demo and returns a client of
// it, the simulator (its outbox holds the codes it "sends") and the server
// to close.
func startDemo(env Env, log *slog.Logger) (*auth.Client, *aasim.Sim, *aasim.Server, error) {
	sim, srv, err := startSim("127.0.0.1:0", false, 3*time.Second)
	if err != nil {
		return nil, nil, nil, err
	}
	ep := sim.AddEndpoint("aalogon-demo")
	hc, err := auth.NewHTTPClient(auth.TLSOptions{CAPEM: srv.CAPEM, Pins: []string{srv.Pin}})
	var c *auth.Client
	if err == nil {
		c, err = auth.New(auth.Config{BaseURL: srv.URL, EndpointID: ep.ID, EndpointSecret: ep.Secret,
			HTTPClient: hc, Log: log, UserAgent: "aalogon/" + env.Version})
	}
	if err != nil {
		srv.Close()
		return nil, nil, nil, err
	}
	env.say().line(env.Stderr, "cli.demo_at", "URL", srv.URL)
	printDemoUsers(env)
	return c, sim, srv, nil
}

// connect builds the client from the configuration's layers, or starts an
// embedded simulator for --demo. Only the demo has a fingerprint source
// (its virtual reader) and demoCode, the codes its simulator "sends" by
// SMS, e-mail or voice, for the person to read.
func connect(cfgPath string, demo bool, user string, log *slog.Logger, env Env) (c *auth.Client, cfg *config.Client,
	finger flow.FingerprintSource, demoCode func(user string, m auth.MethodID) string, err error) {
	if demo {
		c, sim, _, err := startDemo(env, log) // the simulator serves until the process ends
		if err != nil {
			return nil, nil, nil, nil, err
		}
		// FINGER as in the window's demo: an impression of the user's
		// synthetic finger, extracted; the terminal touches the reader itself.
		reader, setUser := demoReader(true)
		setUser(user)
		return c, &config.Client{}, capture.Source{Capture: reader.Capture}, sim.LastCode, nil
	}
	eff, err := config.Resolve(cfgPath, os.Getenv)
	warnSkipped(env, eff)
	if err != nil {
		return nil, nil, nil, nil, configProblem(eff, err)
	}
	cfg = &eff.Client
	if cfg.EndpointSecret.IsZero() {
		// The secret belongs to the layer that set endpoint_id.
		if cfg.EndpointSecret, err = credstore.New(credstore.Config{}).LoadEndpointSecret(cfg.ServerURL, cfg.EndpointID, eff.SecretFile()); err != nil {
			return nil, nil, nil, nil, secretProblem(err, cfg.EndpointID, eff.SecretFile())
		}
	}
	hc, err := auth.NewHTTPClient(cfg.TLS())
	if err != nil {
		return nil, nil, nil, nil, &hinted{msg: msg("cli.tls_unusable", "Detail", oneLine(err)), hint: msg("cli.hint_tls")}
	}
	c, err = auth.New(auth.Config{BaseURL: cfg.ServerURL, EndpointID: cfg.EndpointID,
		EndpointSecret: cfg.EndpointSecret, HTTPClient: hc, Language: cfg.Language, Log: log,
		UserAgent: "aalogon/" + env.Version})
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return c, cfg, nil, nil, nil
}

func bareName(user string) string {
	if _, after, ok := strings.Cut(user, `\`); ok {
		user = after
	}
	name, _, _ := strings.Cut(user, "@")
	return strings.ToLower(name)
}

// staticRecord answers FINGER with a fixed record, as a reader would after
// a touch.
type staticRecord []byte

func (r staticRecord) Template(ctx context.Context) ([]byte, error) { return r, nil }

var _ flow.FingerprintSource = capture.Source{}

// explain turns a flow error into one line and a hint.
func explain(err error, verbose bool) error {
	var ended *inputEndedError
	if errors.As(err, &ended) { // the flow's notice would be "something went wrong"
		h := &hinted{msg: msg("cli.input_ended", "Question", ended.question), hint: msg("cli.hint_input_ended")}
		if ended.noTerminal {
			h.hint = msg("cli.hint_no_terminal")
		}
		return h
	}
	n := flow.NoticeFor(err)
	h := &hinted{msg: noticeMsg(n)}
	switch n.Key {
	case flow.NoticeCertificate:
		h.hint = msg("cli.hint_certificate")
	case flow.NoticeNetwork:
		h.hint = msg("cli.hint_network")
	case flow.NoticeNoChain:
		h.hint = msg("cli.hint_no_chain")
	case flow.NoticeReader:
		h.hint = msg(device.MessageKey(err)) // what the reader needs
	}
	if verbose || n.Key == flow.NoticeUnknown || n.Key == flow.NoticeProtocol {
		h.detail = err.Error()
	}
	return h
}

// rememberPassword applies a successful logon to the saved-password offer
// (credstore.Offer.Done): the password is saved when the person asked and
// the policy allows it; a policy that does not allow saving deletes it.
func rememberPassword(env Env, offer *credstore.Offer, res *flow.Result, remember bool) {
	saved, err := offer.Done(res.TakeLDAPPassword(), res.Policy, remember)
	switch {
	case saved:
		env.say().line(env.Stderr, "cli.password_saved")
	case err != nil && remember:
		env.say().line(env.Stderr, "cli.password_not_saved", "Reason", notSavedReason(env.say(), err))
	case err != nil && !errors.Is(err, credstore.ErrUnavailable):
		fmt.Fprintln(env.Stderr, "aalogon:", err)
	}
}

// forgetCmd deletes a saved password. The server and event come from the
// configuration's layers, as for logon; it says whether anything was saved.
func forgetCmd(env Env, args []string) error {
	fs := newFlags(env, "forget")
	cfgPath := fs.String("config", "", "client configuration `FILE`, over the system and user files")
	user := fs.String("user", "", "user `NAME` whose saved password to delete")
	event := fs.String("event", "", "event (default: the configuration's, else \"Authenticators Management\")")
	language := langFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	say := env.say()
	say.choose(*language)
	if *user == "" {
		return usageErr("cli.need_user")
	}
	eff, err := config.Resolve(*cfgPath, os.Getenv)
	say.choose(*language, configLanguage(eff))
	warnSkipped(env, eff)
	if err != nil {
		return configProblem(eff, err)
	}
	ev := *event
	if ev == "" {
		ev = eff.Event
	}
	if ev == "" {
		ev = defaultEvent
	}
	key := credstore.Key{Server: strings.TrimRight(eff.ServerURL, "/"), Event: ev, User: auth.NormalizeUser(*user)}
	store := credstore.New(credstore.Config{})
	_, err = store.Load(key)
	switch {
	case errors.Is(err, credstore.ErrNotFound):
		say.line(env.Stdout, "cli.forget_nothing", "User", *user, "Server", key.Server, "Event", ev)
		return nil
	case errors.Is(err, credstore.ErrUnavailable):
		return &hinted{msg: msg("cli.no_keyring"), detail: oneLine(err)}
	}
	if err := store.Forget(key); err != nil {
		return &hinted{msg: msg("cli.forget_failed"), detail: oneLine(err)}
	}
	say.line(env.Stdout, "cli.forgotten", "User", *user, "Server", key.Server, "Event", ev)
	return nil
}

// notSavedReason says in a few words why the keyring did not take a
// password.
func notSavedReason(say *words, err error) string {
	switch {
	case errors.Is(err, credstore.ErrNotAllowed):
		return say.t("cli.not_saved_policy")
	case errors.Is(err, credstore.ErrKiosk):
		return say.t("cli.not_saved_kiosk")
	case errors.Is(err, credstore.ErrTooLong):
		return say.t("cli.not_saved_long")
	case errors.Is(err, credstore.ErrTimeout):
		return say.t("cli.not_saved_timeout")
	case errors.Is(err, credstore.ErrUnavailable):
		return say.t("cli.no_keyring")
	}
	return say.t("cli.not_saved_refused", "Detail", oneLine(err))
}
