package cli

import (
	"fmt"
	"os"
	"strings"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/internal/config"
)

// configCmd: `aalogon config check [--config FILE]` validates the layered
// configuration and prints each effective value with its source, then does
// what logon does before it sends anything (reads the CA file, finds the
// endpoint secret) and lists what would fail; exit 1 if anything would.
// The endpoint secret is never printed, only where it is kept.
func configCmd(env Env, args []string) error {
	if len(args) > 0 && args[0] == "write-system" {
		return configWriteSystemCmd(env, args[1:])
	}
	if len(args) == 0 || args[0] != "check" {
		return usageErr("cli.config_needs_check")
	}
	fs := newFlags(env, "config check")
	path := fs.String("config", "", "also read `FILE`, over the system and user files")
	language := langFlag(fs)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	eff, err := config.Resolve(*path, os.Getenv)
	w := env.say()
	w.choose(*language, configLanguage(eff))
	warnSkipped(env, eff)
	if err != nil {
		return configProblem(eff, err)
	}
	var problems []*hinted
	if _, err := auth.NewHTTPClient(eff.TLS()); err != nil {
		problems = append(problems, &hinted{msg: msg("cli.tls_unusable", "Detail", oneLine(err)), hint: msg("cli.hint_ca_file")})
	}
	secret := w.t("cli.secret_in_config")
	if eff.EndpointSecret.IsZero() {
		_, err := credstore.New(credstore.Config{}).LoadEndpointSecret(eff.ServerURL, eff.EndpointID, eff.SecretFile())
		switch {
		case err == nil && eff.SecretFile() == "":
			secret = w.t("cli.secret_keyring")
		case err == nil:
			secret = w.t("cli.secret_keyring_or", "File", eff.SecretFile())
		default:
			secret = w.t("cli.secret_not_usable")
			problems = append(problems, secretProblem(err, eff.EndpointID, eff.SecretFile()))
		}
	}
	if len(problems) == 0 {
		w.line(env.Stdout, "cli.config_valid")
	} else {
		w.line(env.Stdout, "cli.config_would_fail")
	}
	width := keyWidth()
	row := func(key, value string) {
		from := eff.From[key]
		if from == "" {
			from = w.t("cli.config_default")
		}
		fmt.Fprintf(env.Stdout, "  %-*s %-48s (%s)\n", width, key, value, from)
	}
	row("server_url", eff.ServerURL)
	row("endpoint_id", eff.EndpointID)
	row("ca_file", eff.CAFile)
	row("pins", strings.Join(eff.Pins, ","))
	row("event", eff.Event)
	row("language", eff.Language)
	row("theme", eff.Theme)
	if eff.BrandingName != "" || eff.BrandingLogo != "" {
		row("branding_name", eff.BrandingName)
		row("branding_logo", eff.BrandingLogo)
	}
	if eff.KioskPINHash != "" {
		row("kiosk_pin_hash", w.t("cli.pin_hash_set"))
	}
	fmt.Fprintf(env.Stdout, "  %-*s %s\n", width, "secret", secret)
	for _, p := range problems {
		w.line(env.Stdout, "cli.problem", "Text", p.msg.in(w))
		if hint := p.hintIn(w); hint != "" {
			fmt.Fprintf(env.Stdout, "  %s\n", hint)
		}
	}
	if len(problems) > 0 {
		return &hinted{msg: msg("cli.config_fails")}
	}
	return nil
}

// keyWidth is the width of config check's key column: the longest key of
// the configuration file, so that every row lines up, whichever are shown.
func keyWidth() int {
	w := len("secret")
	for _, s := range (&config.Client{}).Settings() {
		w = max(w, len(s.Key))
	}
	return w
}
