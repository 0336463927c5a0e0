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
		return fmt.Errorf("%w: config needs the command check or write-system", errUsage)
	}
	fs := newFlags(env, "config check")
	path := fs.String("config", "", "also read `FILE`, over the system and user files")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	eff, err := config.Resolve(*path, os.Getenv)
	warnSkipped(env, eff)
	if err != nil {
		return configProblem(eff, err)
	}
	var problems []*hinted
	if _, err := auth.NewHTTPClient(eff.TLS()); err != nil {
		problems = append(problems, &hinted{msg: oneLine(err), hint: "ca_file must name a readable PEM file of CA certificates"})
	}
	secret := "[set in the configuration file: move it out with 'aalogon register']"
	if eff.EndpointSecret.IsZero() {
		_, err := credstore.New(credstore.Config{}).LoadEndpointSecret(eff.ServerURL, eff.EndpointID, eff.SecretFile())
		switch {
		case err == nil && eff.SecretFile() == "":
			secret = "[kept in the keyring]"
		case err == nil:
			secret = "[kept in the keyring or " + eff.SecretFile() + "]"
		default:
			secret = "[not usable: see below]"
			problems = append(problems, secretProblem(err, eff.EndpointID, eff.SecretFile()))
		}
	}
	if len(problems) == 0 {
		fmt.Fprintln(env.Stdout, "the configuration is valid:")
	} else {
		fmt.Fprintln(env.Stdout, "the configuration is complete, but logon would fail:")
	}
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
	fmt.Fprintf(env.Stdout, "  %-12s %s\n", "secret", secret)
	for _, p := range problems {
		fmt.Fprintf(env.Stdout, "problem: %s\n", p.msg)
		if p.hint != "" {
			fmt.Fprintf(env.Stdout, "  %s\n", p.hint)
		}
	}
	if len(problems) > 0 {
		return &hinted{msg: "the configuration would fail at logon: see the problems above"}
	}
	return nil
}
