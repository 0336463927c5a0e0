package cli

import (
	"context"
	"image"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/credstore"
	"aalogon/auth/flow"
	"aalogon/device"
	"aalogon/device/capture"
	"aalogon/device/fingerprint"
	"aalogon/device/readers"
	"aalogon/device/virtual"
	"aalogon/internal/config"
	"aalogon/ui"
)

// guiCmd starts the window: `aalogon [--demo | --config FILE] [--kiosk]`.
func guiCmd(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "")
	demo := fs.Bool("demo", false, "sign in to an embedded simulator, with a virtual fingerprint reader")
	cfgPath := fs.String("config", "", "client configuration `FILE`")
	event := fs.String("event", "", "event to sign in to")
	language := fs.String("lang", "", "language of the window (en, de); default: the system's")
	kiosk := fs.Bool("kiosk", false, "kiosk mode: full screen, no closing, idle reset, automatic sign-out")
	pin := fs.String("kiosk-pin", "", "refused: the exit PIN's hash belongs in kiosk_pin_hash of the system configuration")
	exitKey := fs.String("kiosk-exit-key", "Ctrl+Shift+Q", "key combination of the administrator exit")
	idle := fs.Duration("kiosk-idle", time.Minute, "kiosk: wipe the screen after this long without input")
	signOut := fs.Duration("kiosk-signout", 5*time.Minute, "kiosk: sign out after this long signed in")
	// The preview is on: it shows a person where the finger lay. It is
	// averaged over a ridge period, no print to match (capture.Preview),
	// never stored, and it goes with the fingerprint screen.
	preview := fs.Bool("preview", true, "show a small preview of each fingerprint capture beside its quality (never stored; --preview=false hides it)")
	prefer := fs.String("reader", "", "fingerprint reader to use, `vvvv:pppp` (default: the first found)")
	if err := parse(fs, args); err != nil {
		return err
	}
	env.say().choose(*language)
	if *cfgPath != "" && *demo {
		return usageErr("cli.config_or_demo")
	}
	if _, err := ui.ParseShortcut(*exitKey); err != nil {
		return usageErr("cli.exit_key", "Detail", err.Error())
	}
	if *pin != "" {
		return &hinted{msg: msg("cli.kiosk_pin_flag"), hint: msg("cli.hint_kiosk_pin_flag", "File", config.SystemPath())}
	}
	if *kiosk && *demo {
		return &hinted{msg: msg("cli.kiosk_demo"), hint: msg("cli.hint_kiosk_demo")}
	}
	var client *auth.Client
	var cfg *config.Client
	lang := *language
	if !*demo {
		var err error
		if client, cfg, _, _, err = connect(*cfgPath, false, "", nil, env); err != nil {
			return err
		}
		if lang == "" {
			lang = cfg.Language // the configuration overrides the system locale
		}
		if *kiosk {
			if err := checkKioskPIN(*cfgPath); err != nil {
				return err
			}
		}
	}
	env.say().choose(lang) // the terminal's words and the window's speak alike
	if err := ui.LoadTranslations(lang); err != nil {
		return err
	}
	var toStderr slog.Handler // the demo shows its outcomes on standard error too
	if *demo {
		toStderr = slog.NewTextHandler(env.Stderr, nil)
	}
	log, closeLog := productLog(env, *cfgPath, toStderr)
	defer closeLog()
	opts := ui.Options{Log: log, Event: *event, Kiosk: ui.Kiosk{Enabled: *kiosk, ExitKey: *exitKey, IdleTimeout: *idle, SignOutAfter: *signOut}}
	if *kiosk {
		opts.Kiosk.ExitPINHash = cfg.KioskPINHash
	}
	if *demo {
		c, sim, srv, err := startDemo(env, nil)
		if err != nil {
			return err
		}
		defer srv.Close()
		c.SetLanguage(ui.Language())
		opts.Client = c
		opts.DemoCode = sim.LastCode // the codes it "sends", shown in the window
		// The virtual reader is reached as a real one is: on a bus the
		// Manager scans; its Touch comes through the fingerprint source.
		reader, setUser := demoReader(false)
		m := device.NewManager(device.ManagerConfig{Bus: virtualBus{reader}, Log: log})
		go m.Run(ctx)
		stop := readerOptions(&opts, m, *preview, setUser)
		defer stop()
		opts.Server = env.say().t("cli.demo_server")
		opts.SupportBundle = bundleWriter(env, "", srv, nil)
	} else {
		client.SetLanguage(ui.Language())
		opts.Client, opts.Server = client, hostOf(cfg.ServerURL)
		opts.Passwords = credstore.New(credstore.Config{Kiosk: *kiosk})
		// Real readers: the Manager follows plugging and unplugging.
		m := device.NewManager(device.ManagerConfig{Bus: readers.USB{}, Prefer: *prefer, Log: log})
		go m.Run(ctx)
		opts.SupportBundle = bundleWriter(env, *cfgPath, nil, m)
		stop := readerOptions(&opts, m, *preview, nil)
		defer stop()
		if opts.Event == "" {
			opts.Event = cfg.Event
		}
		opts.Theme = cfg.Theme
		var err error
		if opts.Branding, err = branding(cfg); err != nil {
			return err
		}
	}
	if opts.Event == "" {
		opts.Event = defaultEvent
	}
	if opts.Client != nil {
		defer opts.Client.Close(ctx) // the endpoint session ends with the window
	}
	return ui.Run(opts)
}

// checkKioskPIN refuses a kiosk without an exit PIN hash, or with one
// from the per-user configuration, which the kiosk's own user could write.
func checkKioskPIN(cfgPath string) error {
	eff, err := config.Resolve(cfgPath, os.Getenv)
	if err != nil {
		return &hinted{msg: msg("cli.config_unusable", "Detail", oneLine(err))}
	}
	hint := msg("cli.hint_kiosk_pin_hash", "File", config.SystemPath())
	switch from := eff.From["kiosk_pin_hash"]; {
	case eff.KioskPINHash == "":
		return &hinted{msg: msg("cli.kiosk_no_pin_hash"), hint: hint}
	case from != "" && from == config.UserPath():
		return &hinted{msg: msg("cli.kiosk_pin_hash_user", "File", from), hint: hint}
	}
	return nil
}

// branding is the organisation the window shows, from the configuration;
// its logo was checked with the configuration and is read again here.
func branding(cfg *config.Client) (ui.Branding, error) {
	b := ui.Branding{Name: cfg.BrandingName}
	if cfg.BrandingLogo != "" {
		logo, err := config.LoadLogo(cfg.BrandingLogo)
		if err != nil {
			return b, &hinted{msg: msg("cli.config_unusable", "Detail", oneLine(err))}
		}
		b.Logo = fyne.NewStaticResource(logo.Name, logo.Data)
	}
	return b, nil
}

func hostOf(u string) string {
	u = strings.TrimPrefix(u, "https://")
	host, _, _ := strings.Cut(u, "/")
	return host
}

// readerOptions gives the window the readers of m: their events, and a
// fingerprint source per logon. setUser, when set, learns who signs in (the
// demo's reader shows that person's finger). stop ends the events.
func readerOptions(opts *ui.Options, m *device.Manager, preview bool, setUser func(string)) (stop func()) {
	events := make(chan device.Event, 16)
	attach, stop := m.Subscribe()
	go func() {
		for e := range attach {
			select {
			case events <- e:
			default:
			}
		}
	}()
	opts.ReaderEvents = events
	opts.Fingerprint = func(user string) flow.FingerprintSource {
		if setUser != nil {
			setUser(user)
		}
		return managedSource{Source: capture.Source{Capture: m.Capture, Events: events, Preview: preview}, m: m}
	}
	return stop
}

// managedSource is FINGER's source on the Manager's reader. When that
// reader can be touched (the demo's virtual reader), so can the source:
// the window then offers a button for it (ui.Toucher).
type managedSource struct {
	capture.Source
	m *device.Manager
}

type touchable interface{ Touch() }

// CanTouch reports whether the reader open now can be touched.
func (s managedSource) CanTouch() bool {
	r, err := s.m.Reader()
	_, ok := r.(touchable)
	return err == nil && ok
}

// Touch touches the reader open now, when it can be touched.
func (s managedSource) Touch() {
	if r, err := s.m.Reader(); err == nil {
		if t, ok := r.(touchable); ok {
			t.Touch()
		}
	}
}

// HasReader reports whether the Manager has a reader open now.
func (s managedSource) HasReader() bool {
	st, _ := s.m.State()
	return st == device.Ready
}

var (
	_ ui.Toucher        = managedSource{}
	_ ui.ReaderPresence = managedSource{}
)

// virtualBus is a bus with one reader always plugged in: the demo's.
type virtualBus struct{ r *virtual.Reader }

func (b virtualBus) Scan() ([]device.Info, error)            { return []device.Info{b.r.Info()}, nil }
func (b virtualBus) Open(device.Info) (device.Reader, error) { return b.r, nil }

// demoReader is a virtual reader showing impressions of the demo finger of
// whoever is signing in; autoTouch captures without waiting for Touch.
func demoReader(autoTouch bool) (*virtual.Reader, func(user string)) {
	var user atomic.Value
	user.Store("")
	src := func(n int) (*image.Gray, error) {
		return aasim.DemoMaster(user.Load().(string)).Impression(uint64(n + 1)), nil
	}
	return virtual.New(src, virtual.Options{Name: "Virtual reader", DPI: fingerprint.SynthDPI, AutoTouch: autoTouch}),
		func(u string) { user.Store(bareName(u)) }
}
