package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"aalogon/internal/config"
)

// configWriteSystemCmd: `aalogon config write-system --server-url URL
// [--endpoint-id ID] [--ca-file FILE] [--event EVENT]` sets those keys of
// the system-wide configuration (config.SystemPath(); on Windows
// %ProgramData%\aalogon\client.json), keeping the keys it is not given.
// The Windows installer runs it with its SERVER_URL, ENDPOINT_ID, CA_FILE
// and EVENT properties (packaging/windows/aalogon.wxs). Nothing is written
// unless the result's values are valid; no secret is ever written.
func configWriteSystemCmd(env Env, args []string) error {
	flags := newFlags(env, "config write-system")
	path := flags.String("config", config.SystemPath(), "the configuration `FILE` to write")
	server := flags.String("server-url", "", "API root of the AA server, `https://HOST/api/v1`")
	endpoint := flags.String("endpoint-id", "", "endpoint `ID` from the registration")
	caFile := flags.String("ca-file", "", "PEM `FILE` of CAs to trust besides the system roots")
	event := flags.String("event", "", "default event")
	if err := parse(flags, args); err != nil {
		return err
	}
	c, err := config.Load(*path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		c = &config.Client{}
	case err != nil:
		// An existing file that does not parse is not silently replaced.
		return &hinted{msg: message{text: oneLine(err)}, hint: msg("cli.ws_fix_file", "Path", *path)}
	}
	set := func(dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
		}
	}
	set(&c.ServerURL, *server)
	set(&c.EndpointID, *endpoint)
	set(&c.Event, *event)
	if v := strings.TrimSpace(*caFile); v != "" {
		abs, err := filepath.Abs(v)
		if err != nil {
			return &hinted{msg: message{text: fmt.Sprintf("--ca-file %s: %v", v, err)}}
		}
		c.CAFile = abs
	}
	if err := c.CheckValues(); err != nil {
		return &hinted{msg: message{text: oneLine(err)}, hint: msg("cli.ws_server_url")}
	}
	if err := os.MkdirAll(filepath.Dir(*path), 0o755); err != nil {
		return &hinted{msg: message{text: oneLine(err)}, hint: msg("cli.ws_as_admin")}
	}
	if err := c.Save(*path, config.SharedMode); err != nil {
		return &hinted{msg: message{text: oneLine(err)}, hint: msg("cli.ws_as_admin")}
	}
	env.say().line(env.Stdout, "cli.ws_wrote", "Path", *path)
	return nil
}
