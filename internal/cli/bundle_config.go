package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"

	"aalogon/auth/credstore"
	"aalogon/internal/config"
)

// bundleConfig is the configuration as the bundle sees it: the effective
// values (nil when no layer could be read) and the fault, if any.
type bundleConfig struct {
	eff *config.Effective
	err error
}

func resolveForBundle(src bundleSource) bundleConfig {
	eff, err := config.Resolve(src.cfgPath, os.Getenv)
	return bundleConfig{eff, err}
}

// configKey is one key of config.json: its value and the layer it came
// from ("default" when no layer set it).
type configKey struct {
	Value  any    `json:"value"`
	Source string `json:"source"`
}

// configJSON is config.json: every key of the configuration file
// (config.Client.Settings: a key added there is listed here) with its
// effective value and source layer, the layers passed over, and the fault
// that would stop a logon. A hidden key shows only whether it is set; of
// the endpoint secret, where it is kept or why it is missing.
func configJSON(c bundleConfig) []byte {
	doc := map[string]any{"configured": c.eff != nil && len(c.eff.From) > 0}
	if c.err != nil {
		doc["problem"] = oneLine(c.err)
	}
	if eff := c.eff; eff != nil {
		from := func(key string) string {
			if s := eff.From[key]; s != "" {
				return s
			}
			return "default"
		}
		keys := map[string]configKey{}
		for _, s := range eff.Settings() {
			v, src := s.Value, from(s.Key)
			switch {
			case s.Key == "endpoint_secret":
				// Where it is kept: with the layer that set endpoint_id.
				v = secretWhere(eff)
				if eff.From[s.Key] == "" {
					src = from("endpoint_id")
				}
			case s.Hidden && s.Set:
				v = "set (not shown)"
			case s.Hidden:
				v = "not set"
			case s.Key == "log_file":
				v = eff.LogFileOn() // unset is on
			}
			keys[s.Key] = configKey{v, src}
		}
		doc["keys"] = keys
		var skipped []string
		for _, err := range eff.Skipped {
			var le *config.LayerError
			if errors.As(err, &le) {
				skipped = append(skipped, le.Source+": this account may not read it")
			}
		}
		if skipped != nil {
			doc["skipped_layers"] = skipped
		}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil { // maps of strings: cannot happen
		return []byte(`{"problem": "the configuration could not be written"}`)
	}
	return append(b, '\n')
}

// secretWhere says where the endpoint secret is kept, as config check
// does; the secret read to find out is dropped at once.
func secretWhere(eff *config.Effective) string {
	if !eff.EndpointSecret.IsZero() {
		return "present in the configuration file (discouraged: move it out with 'aalogon register')"
	}
	if eff.EndpointID == "" {
		return "missing: no endpoint_id"
	}
	_, err := credstore.New(credstore.Config{}).LoadEndpointSecret(eff.ServerURL, eff.EndpointID, eff.SecretFile())
	switch {
	case err == nil && eff.SecretFile() == "":
		return "present in the keyring"
	case err == nil:
		return "present in the keyring or " + eff.SecretFile()
	}
	return "missing: " + secretProblem(err, eff.EndpointID, eff.SecretFile()).msg.english()
}

// configCheckText is what `aalogon config check` prints.
func configCheckText(src bundleSource) []byte {
	var b bytes.Buffer
	args := []string{"check", "--lang", "en"} // for the help desk
	if src.cfgPath != "" {
		args = append(args, "--config", src.cfgPath)
	}
	err := configCmd(Env{Stdout: &b, Stderr: &b}, args)
	b.WriteString(describe(err))
	return b.Bytes()
}
