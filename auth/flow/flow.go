// Package flow walks an AA logon: it lists or learns the user's chains,
// chooses one, starts the logon process, answers each method through a
// Prompter and ends with a login session (aa-api.md §2, §8).
//
// The flow imports no UI: the GUI, the terminal and the tests drive the same
// state machine. Every method is declared once in methods.go (its kind of
// interaction, title and icon keys, handler); each kind of interaction is
// one handler file (answer.go, sentotp.go, secquest.go, push.go, finger.go).
package flow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"aalogon/auth"
)

// Config configures a Flow. Client and Prompter are required.
type Config struct {
	Client   *auth.Client
	Prompter Prompter
	// Fingerprint yields FINGER's record. Nil: chains with FINGER cannot
	// be completed here.
	Fingerprint FingerprintSource
	// PollInterval is the first wait between polls of a push or call; it
	// grows by half up to 5 s. No automatic request (kick, poll) follows
	// the previous one sooner. Zero or less: 1 s.
	PollInterval time.Duration
	// PushTimeout bounds the wait for a push or call. Zero or less: 2 min.
	PushTimeout time.Duration
	// FingerAttempts is how many fingerprint captures are sent before
	// giving up. Zero or less: 3.
	FingerAttempts int
	// Log receives the walk's steps (method, status, msgid), never an
	// answer. Nil: discard.
	Log *slog.Logger
}

// Flow runs logons. It holds no state between runs and may run several at once.
type Flow struct {
	cfg Config
	log *slog.Logger
	seq atomic.Uint64 // the last Question.Seq given out
}

// New returns a Flow for cfg.
func New(cfg Config) (*Flow, error) {
	if cfg.Client == nil || cfg.Prompter == nil {
		return nil, errors.New("flow: a client and a prompter are required")
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.PushTimeout <= 0 {
		cfg.PushTimeout = 2 * time.Minute
	}
	if cfg.FingerAttempts <= 0 {
		cfg.FingerAttempts = 3
	}
	f := &Flow{cfg: cfg, log: cfg.Log}
	if f.log == nil {
		f.log = slog.New(slog.DiscardHandler)
	}
	return f, nil
}

// Request is one logon to run.
type Request struct {
	// User is the user name as typed; the flow sends auth.NormalizeUser's
	// form of it.
	User  string
	Event string
	// Chain is the name of the chain to walk. Empty: the prompter chooses
	// (ChainChooser), or the lowest position this client can complete.
	Chain string
	// Chains are the user's chains when the caller already listed them
	// (Chains). Nil: the flow learns them from POST /logon's answer,
	// starting with FirstMethod.
	Chains []auth.Chain
	// FirstMethod is the method to start with when Chains is nil; the flow
	// starts over if the chosen chain begins otherwise. Zero: LDAP_PASSWORD:1.
	FirstMethod auth.MethodID
}

// Result is a completed logon.
type Result struct {
	User         auth.UserInfo
	LoginSession auth.LoginSessionID
	Chain        auth.Chain
	// Policy is logon_hints.policy of the logon, nil if the server sent none.
	Policy *auth.Policy
	// Score is FINGER's score when the server sent one.
	Score *int
	// Final is the OK step.
	Final *auth.Step

	// ldap is the LDAP password that passed, handed out once by
	// TakeLDAPPassword. No other answer is kept.
	ldap *onceSecret
}

// TakeLDAPPassword returns the LDAP password of the logon, for the one
// caller that may save it (saved passwords, when the policy allows), and
// forgets it: a second call, or a call after a chain without LDAP_PASSWORD,
// returns the zero Secret. The Result keeps no other answer (RADIUS,
// emergency and AA passwords, OTPs, security answers are dropped when their
// method passes), so a Result kept for a whole session, kiosk included,
// holds no secret. Go strings cannot be wiped; this drops the reference.
func (r *Result) TakeLDAPPassword() auth.Secret {
	if r == nil || r.ldap == nil {
		return ""
	}
	return r.ldap.take()
}

type onceSecret struct {
	mu sync.Mutex
	s  auth.Secret
}

func (o *onceSecret) take() auth.Secret {
	o.mu.Lock()
	defer o.mu.Unlock()
	s := o.s
	o.s = ""
	return s
}

// Options lists the user's chains for event (GET /logon/chains), each with
// whether this client can complete it. A locked user gets ErrLocked.
func (f *Flow) Options(ctx context.Context, user, event string) ([]ChainOption, error) {
	list, err := f.cfg.Client.Chains(ctx, auth.NormalizeUser(user), event)
	if err != nil {
		return nil, err
	}
	if list.UserIsLocked {
		return nil, ErrLocked
	}
	return f.options(list.Chains), nil
}

func (f *Flow) options(chains []auth.Chain) []ChainOption {
	sorted := append([]auth.Chain(nil), chains...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Position < sorted[j].Position })
	out := make([]ChainOption, 0, len(sorted))
	for _, c := range sorted {
		o := ChainOption{Chain: c, Supported: c.IsEnabled && len(c.Methods) > 0}
		for _, m := range c.Methods {
			if !f.supports(m) {
				o.Supported, o.Missing = false, m
				break
			}
		}
		out = append(out, o)
	}
	return out
}

// supports reports whether this flow can complete method m: it is
// declared (methods.go), and a Finger method has a FingerprintSource.
func (f *Flow) supports(m auth.MethodID) bool {
	d, ok := Lookup(m)
	if d.Interaction == Finger {
		return f.cfg.Fingerprint != nil
	}
	return ok
}

// Run walks one logon. On any error after the process started, and on
// cancellation, the process is deleted on the server. A logon process that
// expires mid-walk (HTTP 444) is started over once, with a NoticeRestart.
//
// A Run sends at most MaxRequests requests, restarts included.
func (f *Flow) Run(ctx context.Context, req Request) (*Result, error) {
	req.User = auth.NormalizeUser(req.User)
	budget := MaxRequests
	for restarts := 0; ; restarts++ {
		res, err := f.walk(ctx, req, &budget)
		if errors.Is(err, auth.ErrProcessGone) && restarts == 0 && ctx.Err() == nil {
			f.cfg.Prompter.Show(Notice{Key: NoticeRestart})
			continue
		}
		return res, err
	}
}

// SignOut ends the login session of res (DELETE /logon/sessions/{id}).
func (f *Flow) SignOut(ctx context.Context, res *Result) error {
	return f.cfg.Client.Logout(ctx, res.LoginSession)
}

func (f *Flow) walk(ctx context.Context, req Request, budget *int) (res *Result, err error) {
	c := f.cfg.Client
	w := &walker{f: f, user: req.User, budget: budget}
	defer func() {
		if err != nil && w.pid != "" && !errors.Is(err, auth.ErrProcessGone) {
			// Cancelled or failed: delete the process anyway.
			actx, stop := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
			defer stop()
			if aerr := c.Abort(actx, w.pid); aerr != nil {
				f.log.Warn("cancel logon", "error", aerr)
			}
		}
	}()

	var chain auth.Chain
	if req.Chains != nil {
		if chain, err = f.choose(ctx, req, req.Chains); err != nil {
			return nil, err
		}
	}
	first := req.FirstMethod
	if len(chain.Methods) > 0 {
		first = chain.Methods[0]
	} else if first == "" {
		first = auth.MethodLDAPPassword
	}
	st, err := w.start(ctx, req, first)
	if errors.Is(err, auth.ErrBadRequest) && req.Chains == nil {
		// No chain starts with the guessed method (HTTP 400): list them.
		f.log.Debug("first method guess refused; listing chains", "method", first)
		if err := w.spend(); err != nil {
			return nil, err
		}
		list, lerr := c.Chains(ctx, w.user, req.Event)
		if lerr != nil {
			return nil, lerr
		}
		if list.UserIsLocked {
			return nil, ErrLocked
		}
		if chain, err = f.choose(ctx, req, list.Chains); err != nil {
			return nil, err
		}
		st, err = w.start(ctx, req, chain.Methods[0])
	}
	if err != nil {
		return nil, err
	}
	policy := st.Policy()
	w.policy = policy
	if len(chain.Methods) == 0 {
		if chain, err = f.choose(ctx, req, st.Chains); err != nil {
			return nil, err
		}
		if chain.Methods[0] != st.CurrentMethod {
			// The chosen chain starts elsewhere: start over with its method.
			if err := w.spend(); err != nil {
				return nil, err
			}
			actx, stop := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
			_ = c.Abort(actx, w.pid)
			stop()
			w.pid = ""
			if st, err = w.start(ctx, req, chain.Methods[0]); err != nil {
				return nil, err
			}
		}
	}
	w.chain = chain

	for i, m := range chain.Methods {
		if i > 0 {
			if st, err = w.next(ctx, m); err != nil {
				return nil, err
			}
		}
		w.progress(m)
		d, ok := Lookup(m)
		if !ok { // choose only picks supported chains; a server's chain may still change
			return nil, fmt.Errorf("%w: %s", ErrUnsupportedMethod, m)
		}
		if st, err = d.handle(ctx, w, m); err != nil {
			return nil, err
		}
		w.done = append(w.done, m)
		f.log.Info("method passed", "method", string(m), "status", st.Status, "msgid", st.MsgID)
		if st.Status == auth.StatusOK {
			w.progress("")
			res := &Result{User: st.UserInfo, LoginSession: st.LoginSessionID, Chain: chain,
				Policy: policy, Score: st.Score, Final: st, ldap: &onceSecret{s: w.ldapPass}}
			if st.CompletedChain != nil {
				res.Chain = *st.CompletedChain
			}
			w.pid = "" // the process is over; nothing to delete
			return res, nil
		}
		if st.Status != auth.StatusNext {
			return nil, unexpected("do_logon", st)
		}
	}
	return nil, fmt.Errorf("%w: the chain %q ended without OK", ErrProtocol, chain.Name)
}

// choose picks the chain to walk among chains.
func (f *Flow) choose(ctx context.Context, req Request, chains []auth.Chain) (auth.Chain, error) {
	opts := f.options(chains)
	if req.Chain != "" {
		for _, o := range opts {
			if strings.EqualFold(o.Chain.Name, req.Chain) {
				if !o.Supported {
					return auth.Chain{}, fmt.Errorf("%w: %s (chain %q)", ErrUnsupportedMethod, o.Missing, o.Chain.Name)
				}
				return o.Chain, nil
			}
		}
		return auth.Chain{}, fmt.Errorf("%w: %q", ErrNoSuchChain, req.Chain)
	}
	var usable []int
	for i, o := range opts {
		if o.Supported {
			usable = append(usable, i)
		}
	}
	if len(usable) == 0 {
		return auth.Chain{}, f.noUsableChain(opts)
	}
	if ch, ok := f.cfg.Prompter.(ChainChooser); ok && len(usable) > 1 {
		i, err := ch.ChooseChain(ctx, opts)
		if err != nil {
			return auth.Chain{}, err
		}
		if i < 0 || i >= len(opts) || !opts[i].Supported {
			return auth.Chain{}, ErrNoUsableChain
		}
		return opts[i].Chain, nil
	}
	return opts[usable[0]].Chain, nil
}

// handler completes method m of the walk: it returns the NEXT or OK step.
type handler func(ctx context.Context, w *walker, m auth.MethodID) (*auth.Step, error)

// noUsableChain says which methods keep every enabled chain in opts from
// being completed here, each once, in chain order.
func (f *Flow) noUsableChain(opts []ChainOption) error {
	e := &NoUsableChainError{}
	seen := map[auth.MethodID]bool{}
	for _, o := range opts {
		if !o.Chain.IsEnabled {
			continue
		}
		for _, m := range o.Chain.Methods {
			if !f.supports(m) && !seen[m] {
				seen[m] = true
				e.Missing = append(e.Missing, m)
			}
		}
	}
	return e
}
