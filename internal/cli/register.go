package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
// With --system (or the system path as --config) the registration is the
// machine's: the configuration is readable by all, its secret by root and
// the group aalogon only (docs/configuration.md, "One registration for
// every local user").
func registerCmd(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "register")
	server := fs.String("server", "", "API root of the AA server, `https://HOST/api/v1`")
	adminUser := fs.String("admin-user", "", "administrator `NAME`, e.g. LOCAL\\admin")
	pwStdin := fs.Bool("admin-password-stdin", false, "read the administrator password from standard input")
	cfgPath := fs.String("config", "", "client configuration `FILE` to write")
	system := fs.Bool("system", false, "register the machine for every local user in the group "+sharedGroup+": writes "+config.SystemPath())
	name := fs.String("name", "", "endpoint name (default: this computer's host name)")
	caFile := fs.String("ca-file", "", "PEM `FILE` of CAs to trust besides the system roots")
	pin := fs.String("pin", "", "SHA-256 SPKI pin of the server (sha256/<base64>)")
	event := fs.String("event", defaultEvent, "default event of the configuration")
	force := fs.Bool("force", false, "register again even if FILE already holds a working registration")
	language := langFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	say := env.say()
	say.choose(*language)
	if *system && *cfgPath == "" {
		*cfgPath = config.SystemPath()
	}
	if *server == "" || *adminUser == "" || *cfgPath == "" {
		return usageErr("cli.need_register_flags")
	}
	shared := *system || sameFile(*cfgPath, config.SystemPath())
	cfg := &config.Client{ServerURL: strings.TrimRight(*server, "/"), Event: *event}
	if *caFile != "" {
		// Stored absolute: the configuration reads a relative path from its
		// own folder, not from where register ran.
		abs, err := filepath.Abs(*caFile)
		if err != nil {
			return &hinted{msg: msg("cli.ca_file_path", "File", *caFile), detail: err.Error()}
		}
		cfg.CAFile = abs
	}
	if *pin != "" {
		cfg.Pins = []string{*pin}
	}
	// Nothing is sent before the server URL, the pin and the CA file are
	// known to be good: the administrator's password goes over verified
	// https only.
	if err := cfg.CheckValues(); err != nil {
		return &hinted{msg: msg("cli.register_values", "Detail", oneLine(err)), hint: msg("cli.hint_register_values")}
	}
	hc, err := auth.NewHTTPClient(cfg.TLS())
	if err != nil {
		return &hinted{msg: msg("cli.tls_unusable", "Detail", oneLine(err)), hint: msg("cli.hint_register_tls")}
	}
	gid := -1
	if shared {
		if gid, err = sharedGroupID(); err != nil {
			return err
		}
	}
	if *name == "" {
		host, err := os.Hostname()
		if err != nil {
			return &hinted{msg: msg("cli.no_host_name")}
		}
		*name = host
	}
	// The folder first: nothing is registered that cannot be written down.
	dirMode := os.FileMode(0o700) // a person's own folder (~/.config/aalogon)
	if shared {
		dirMode = 0o755 // /etc/aalogon: every local user reads the configuration
	}
	if err := os.MkdirAll(filepath.Dir(*cfgPath), dirMode); err != nil {
		return &hinted{msg: msg("cli.config_folder", "Detail", oneLine(err)), hint: msg("cli.hint_config_folder")}
	}
	store := credstore.New(credstore.Config{})
	if old, err := config.Load(*cfgPath); err == nil && !*force && old.ServerURL == cfg.ServerURL {
		if secret, err := store.LoadEndpointSecret(old.ServerURL, old.EndpointID, config.SecretFile(*cfgPath)); err == nil {
			cfg.EndpointID = old.EndpointID
			if shared {
				// Machine-wide, the files' modes and group are part of the
				// registration: an older owner-only one is opened to the group.
				if err := saveMachineWide(*cfgPath, cfg, secret, gid); err != nil {
					return err
				}
				say.line(env.Stdout, "cli.registered_shared", "ID", old.EndpointID, "Server", old.ServerURL, "File", *cfgPath, "Group", sharedGroup)
				return nil
			}
			if sameTrust(old, cfg) && old.Event == cfg.Event {
				say.line(env.Stdout, "cli.registered_already", "ID", old.EndpointID, "Server", old.ServerURL)
				return nil
			}
			// The same endpoint, new settings: no need to register again.
			if err := cfg.Save(*cfgPath, config.PrivateMode); err != nil {
				return err
			}
			say.line(env.Stdout, "cli.registered_updated", "ID", old.EndpointID, "Server", old.ServerURL, "File", *cfgPath)
			return nil
		}
	}
	pass, err := adminPassword(env, *pwStdin)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ep, err := auth.Register(ctx, hc, cfg.ServerURL, auth.Registration{Name: *name,
		Description: "AA Logon on " + *name, AdminUser: *adminUser, AdminPass: pass})
	var api *auth.APIError
	switch {
	case errors.As(err, &api) && api.HTTPStatus == 409:
		return &hinted{msg: msg("cli.endpoint_exists", "Name", *name), hint: msg("cli.hint_endpoint_exists")}
	case errors.As(err, &api) && api.HTTPStatus < 500:
		return &hinted{msg: msg("cli.register_refused", "Detail", api.Description), hint: msg("cli.hint_register_refused")}
	case err != nil:
		return explain(err, false)
	}
	cfg.EndpointID = ep.ID
	where := config.SecretFile(*cfgPath)
	if shared {
		err = saveMachineWide(*cfgPath, cfg, ep.Secret, gid)
	} else if err = cfg.Save(*cfgPath, config.PrivateMode); err == nil {
		where, err = store.SaveEndpointSecret(cfg.ServerURL, ep.ID, ep.Secret, where)
	}
	if err != nil {
		return err
	}
	say.line(env.Stdout, "cli.registered", "ID", ep.ID, "File", *cfgPath, "Secret", where)
	return nil
}

// adminPassword reads the administrator password from standard input or,
// hidden, from the terminal.
func adminPassword(env Env, fromStdin bool) (auth.Secret, error) {
	if fromStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", &hinted{msg: msg("cli.admin_stdin")}
		}
		return auth.Secret(strings.TrimRight(line, "\r\n")), nil
	}
	tty, err := os.Open("/dev/tty")
	if err != nil || !term.IsTerminal(int(tty.Fd())) {
		return "", &hinted{msg: msg("cli.admin_no_tty"), hint: msg("cli.hint_admin_stdin")}
	}
	defer tty.Close()
	fmt.Fprint(env.Stderr, env.say().t("cli.admin_prompt")+" ")
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(env.Stderr)
	if err != nil {
		return "", err
	}
	return auth.Secret(b), nil
}

// sameTrust reports whether two configurations trust the server alike.
func sameTrust(a, b *config.Client) bool {
	return a.CAFile == b.CAFile && slices.Equal(a.Pins, b.Pins)
}

// sameFile reports whether two paths name the same file (neither need exist).
func sameFile(a, b string) bool {
	a, errA := filepath.Abs(a)
	b, errB := filepath.Abs(b)
	return errA == nil && errB == nil && filepath.Clean(a) == filepath.Clean(b)
}

// saveMachineWide writes a registration every local user in group gid can
// use: the configuration readable by all (it holds nothing secret), the
// endpoint secret beside it readable by its owner (root) and the group.
// The administrator's keyring is not used: it would serve them alone.
func saveMachineWide(path string, cfg *config.Client, secret auth.Secret, gid int) error {
	if err := cfg.Save(path, config.SharedMode); err != nil {
		return err
	}
	return credstore.SaveSharedEndpointSecret(config.SecretFile(path), secret, gid)
}
