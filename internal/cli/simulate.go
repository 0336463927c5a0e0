package cli

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"aalogon/auth/aasim"
	"aalogon/auth/credstore"
	"aalogon/internal/config"
)

func simulateCmd(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "simulate")
	listen := fs.String("listen", "127.0.0.1:8443", "address to serve HTTPS on")
	clientConfig := fs.String("client-config", "", "write a client configuration for this simulator to `FILE`")
	control := fs.Bool("control", true, "serve the control API under /sim/ (counts, OTP outbox, push approval)")
	fingers := fs.String("export-fingers", "", "write the demo users' enrolled fingerprint records to `DIR` as NAME.iso")
	approve := fs.Duration("auto-approve", 0, "approve smartphone pushes this long after they are sent (0: never)")
	language := langFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	env.say().choose(*language)
	if *clientConfig == "" {
		return usageErr("cli.need_client_config")
	}
	sim, srv, err := startSim(*listen, *control, *approve)
	if err != nil {
		return err
	}
	defer srv.Close()
	// The client configuration is written last: scripts wait for it, and
	// once it is there the fingers are too.
	if *fingers != "" {
		if err := exportFingers(*fingers); err != nil {
			return err
		}
	}
	where, err := writeClientConfig(sim, srv, *clientConfig)
	if err != nil {
		return err
	}
	env.say().line(env.Stderr, "cli.simulator_at", "URL", srv.URL)
	env.say().line(env.Stderr, "cli.simulator_config", "File", *clientConfig, "Secret", where)
	printDemoUsers(env)
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// startSim serves a simulator with the default data set.
func startSim(addr string, control bool, approve time.Duration) (*aasim.Sim, *aasim.Server, error) {
	sim := aasim.New(aasim.Config{Control: control, AutoApprove: approve})
	srv, err := aasim.Serve(addr, sim)
	if err != nil {
		return nil, nil, &hinted{msg: msg("cli.listen_failed"), hint: msg("cli.hint_listen"), detail: err.Error()}
	}
	return sim, srv, nil
}

// writeClientConfig registers an endpoint and writes a configuration the
// client can use as is, with the simulator's CA beside it. The endpoint
// secret goes to the keyring, or to an owner-only file beside the
// configuration; it returns which. The configuration is written last (and
// whole, through a temporary file): whoever waits for it finds the rest.
func writeClientConfig(sim *aasim.Sim, srv *aasim.Server, path string) (string, error) {
	ep := sim.AddEndpoint("aalogon-simulate")
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	caFile := filepath.Join(dir, "aasim-ca.pem")
	if err := os.WriteFile(caFile, srv.CAPEM, 0o644); err != nil {
		return "", err
	}
	// The secret before the configuration, which is the sign that all is
	// ready.
	where, err := credstore.New(credstore.Config{}).SaveEndpointSecret(srv.URL, ep.ID, ep.Secret, config.SecretFile(path))
	if err != nil {
		return "", err
	}
	c := &config.Client{ServerURL: srv.URL, EndpointID: ep.ID,
		CAFile: filepath.Base(caFile), Pins: []string{srv.Pin}, Event: defaultEvent}
	if err := c.Save(path, config.PrivateMode); err != nil {
		return "", err
	}
	return where, nil
}

func exportFingers(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{"denis", "erin"} {
		if err := os.WriteFile(filepath.Join(dir, name+".iso"), aasim.DemoFingerprint(name), 0o644); err != nil {
			return err
		}
	}
	return nil
}
