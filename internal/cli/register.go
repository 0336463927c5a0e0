package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/internal/config"
)

// registerCmd registers this machine as an endpoint (POST /endpoints,
// aa-api.md §1) and writes the client configuration; the endpoint secret
// goes to the keyring, or an owner-only file beside the configuration.
func registerCmd(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "register")
	server := fs.String("server", "", "API root of the AA server, `https://HOST/api/v1`")
	adminUser := fs.String("admin-user", "", "administrator `NAME`, e.g. LOCAL\\admin")
	pwStdin := fs.Bool("admin-password-stdin", false, "read the administrator password from standard input")
	cfgPath := fs.String("config", "", "client configuration `FILE` to write")
	name := fs.String("name", "", "endpoint name (default: this computer's host name)")
	caFile := fs.String("ca-file", "", "PEM `FILE` of CAs to trust besides the system roots")
	pin := fs.String("pin", "", "SHA-256 SPKI pin of the server (sha256/<base64>)")
	event := fs.String("event", "Authenticators Management", "default event of the configuration")
	force := fs.Bool("force", false, "register again even if FILE already holds a working registration")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *server == "" || *adminUser == "" || *cfgPath == "" {
		return fmt.Errorf("%w: --server, --admin-user and --config are required", errUsage)
	}
	if *name == "" {
		host, err := os.Hostname()
		if err != nil {
			return &hinted{msg: "no host name: give --name"}
		}
		*name = host
	}
	cfg := &config.Client{ServerURL: strings.TrimRight(*server, "/"), CAFile: *caFile, Event: *event}
	if *pin != "" {
		cfg.Pins = []string{*pin}
	}
	if err := cfg.Validate(); err != nil && !strings.Contains(err.Error(), "endpoint_id") {
		return &hinted{msg: strings.ReplaceAll(err.Error(), "\n", "; ")}
	}
	store := credstore.New(credstore.Config{})
	if old, err := config.Load(*cfgPath); err == nil && !*force && old.ServerURL == cfg.ServerURL {
		if _, err := store.LoadEndpointSecret(old.ServerURL, old.EndpointID, config.SecretFile(*cfgPath)); err == nil {
			fmt.Fprintf(env.Stdout, "already registered as endpoint %s at %s; nothing to do (--force registers again)\n", old.EndpointID, old.ServerURL)
			return nil
		}
	}
	pass, err := adminPassword(env, *pwStdin)
	if err != nil {
		return err
	}
	hc, err := auth.NewHTTPClient(cfg.TLS())
	if err != nil {
		return &hinted{msg: err.Error(), hint: "check --ca-file and --pin"}
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ep, err := auth.Register(ctx, hc, cfg.ServerURL, auth.Registration{Name: *name,
		Description: "AA Logon on " + *name, AdminUser: *adminUser, AdminPass: pass})
	var api *auth.APIError
	switch {
	case errors.As(err, &api) && api.HTTPStatus == 409:
		return &hinted{msg: fmt.Sprintf("an endpoint named %q already exists on the server", *name),
			hint: "its secret cannot be read back: delete it in the AA administration portal, or register under another --name"}
	case errors.As(err, &api) && api.HTTPStatus < 500:
		return &hinted{msg: "the server refused the registration: " + api.Description, hint: "check the administrator name and password"}
	case err != nil:
		return explain(err, false)
	}
	cfg.EndpointID = ep.ID
	if err := cfg.Save(*cfgPath); err != nil {
		return err
	}
	where, err := store.SaveEndpointSecret(cfg.ServerURL, ep.ID, ep.Secret, config.SecretFile(*cfgPath))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "registered as endpoint %s; configuration in %s, secret in %s\n", ep.ID, *cfgPath, where)
	return nil
}

// adminPassword reads the administrator password from standard input or,
// hidden, from the terminal.
func adminPassword(env Env, fromStdin bool) (auth.Secret, error) {
	if fromStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", &hinted{msg: "no administrator password on standard input"}
		}
		return auth.Secret(strings.TrimRight(line, "\r\n")), nil
	}
	tty, err := os.Open("/dev/tty")
	if err != nil || !term.IsTerminal(int(tty.Fd())) {
		return "", &hinted{msg: "no terminal to ask for the administrator password", hint: "use --admin-password-stdin"}
	}
	defer tty.Close()
	fmt.Fprint(env.Stderr, "Administrator password: ")
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(env.Stderr)
	if err != nil {
		return "", err
	}
	return auth.Secret(b), nil
}
