package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"aalogon/auth/credstore"
	"aalogon/internal/config"
)

// configCmd: `aalogon config check [--config FILE]` validates the layered
// configuration and prints each effective value with its source; the
// endpoint secret is never printed, only where it is kept.
func configCmd(env Env, args []string) error {
	if len(args) == 0 || args[0] != "check" {
		return fmt.Errorf("%w: config needs the command check", errUsage)
	}
	fs := newFlags(env, "config check")
	path := fs.String("config", "", "also read `FILE`, over the system and user files")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	eff, err := config.Resolve(*path, os.Getenv)
	if err != nil {
		return &hinted{msg: strings.ReplaceAll(strings.TrimPrefix(err.Error(), "config: "), "\n", "; ")}
	}
	fmt.Fprintln(env.Stdout, "the configuration is valid:")
	row := func(key, value string) {
		from := eff.From[key]
		if from == "" {
			from = "default"
		}
		fmt.Fprintf(env.Stdout, "  %-12s %-48s (%s)\n", key, value, from)
	}
	row("server_url", eff.ServerURL)
	row("endpoint_id", eff.EndpointID)
	row("ca_file", eff.CAFile)
	row("pins", strings.Join(eff.Pins, ","))
	row("event", eff.Event)
	row("language", eff.Language)
	secret := "[missing: register this computer]"
	switch {
	case !eff.EndpointSecret.IsZero():
		secret = "[set in the configuration file: move it out with 'aalogon register']"
	default:
		_, err := credstore.New(credstore.Config{}).LoadEndpointSecret(eff.ServerURL, eff.EndpointID, config.SecretFile(eff.Path))
		switch {
		case err == nil:
			secret = "[kept in the keyring or " + config.SecretFile(eff.Path) + "]"
		case !errors.Is(err, credstore.ErrNotFound):
			secret = "[unreadable: " + strings.TrimPrefix(err.Error(), "credstore: ") + "]"
		}
	}
	fmt.Fprintf(env.Stdout, "  %-12s %s\n", "secret", secret)
	return nil
}
