package cli

import (
	"errors"
	"image"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/internal/config"
)

var errNoSecretService = errors.New("no Secret Service")

func TestLogon_PanicIsSomethingWentWrongWithAStackWithoutValues(t *testing.T) {
	// A nil standard input makes --password-stdin panic: a bug of the
	// kind the last resort is for.
	stdout, stderr := &strings.Builder{}, &strings.Builder{}
	code := Main(Env{Args: []string{"logon", "--demo", "--user", "denis", "--password-stdin"}, Stdout: stdout, Stderr: stderr})
	if code != 1 || !strings.Contains(stderr.String(), "aalogon: something went wrong") {
		t.Fatalf("exit %d, stderr %q; want exit 1 and something went wrong", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "level=ERROR msg=panic") || !strings.Contains(stderr.String(), "cli.logonCmd(...)") {
		t.Errorf("no log line with the stack: %q", stderr)
	}
}

func TestReportPanic_ShowsNeitherThePanicValueNorArguments(t *testing.T) {
	const secret = "Passw0rd-of-denis"
	var stack []byte
	var value any
	func() {
		defer func() { value, stack = recover(), debug.Stack() }()
		panicWith(secret)
	}()
	var out strings.Builder
	if code := reportPanic(&out, newWords(func(string) string { return "" }), value, stack); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	got := out.String()
	if strings.Contains(got, secret) {
		t.Errorf("the secret reached the report: %s", got)
	}
	if !strings.Contains(got, "cli.panicWith(...)") {
		t.Errorf("the frame of the panic is missing: %s", got)
	}
	if strings.Contains(got, "(0x") {
		t.Errorf("argument words survived: %s", got)
	}
}

//go:noinline
func panicWith(password string) { panic(errors.New("cannot use " + password)) }

func TestSecretProblem_NamesTheRealCause(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared.secret")
	os.WriteFile(shared, []byte("x"), 0o640)
	private := filepath.Join(dir, "private.secret")
	os.WriteFile(private, []byte("x"), 0o600)
	denied := func(path string) error { return &fs.PathError{Op: "open", Path: path, Err: fs.ErrPermission} }
	cases := []struct {
		name      string
		err       error
		file      string
		msg, hint string
	}{
		{"group file, not a member", denied(shared), shared, "you are not in the group that may read " + shared, "usermod -aG aalogon"},
		{"another account's private file", denied(private), private, "is readable by its owner only", "register --system"},
		{"open to others", &credstore.UnsafeFileError{Path: private, Mode: 0o644}, private, "open to other accounts", "chmod 600"},
		{"nothing registered", credstore.ErrNoEndpointSecret, private, "there is no endpoint secret for endpoint e1", "aalogon register"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := secretProblem(tc.err, "e1", tc.file)
			if !strings.Contains(h.msg.english(), tc.msg) || !strings.Contains(h.hint.english(), tc.hint) {
				t.Errorf("secretProblem() = %q / %q, want %q / %q", h.msg.english(), h.hint.english(), tc.msg, tc.hint)
			}
			if strings.Contains(h.msg.english()+h.hint.english(), "register this computer as an endpoint again") && tc.name != "nothing registered" {
				t.Errorf("a permission problem tells the person to register again: %q", h.hint.english())
			}
		})
	}
}

func TestConfigProblem_NamesTheSkippedLayer(t *testing.T) {
	eff := &config.Effective{Skipped: []error{&config.LayerError{Source: "/etc/aalogon/client.json", Err: fs.ErrPermission}}}
	h := configProblem(eff, errors.New("config: endpoint_id: missing"))
	if !strings.Contains(h.hint.english(), "may not read /etc/aalogon/client.json") {
		t.Errorf("hint = %q, want the unreadable system file named", h.hint.english())
	}
}

func TestForget_UsesTheLayersAndSaysWhenNothingWasSaved(t *testing.T) {
	keyring.MockInit()
	user := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", user)
	os.MkdirAll(filepath.Join(user, "aalogon"), 0o700)
	os.WriteFile(filepath.Join(user, "aalogon", "client.json"),
		[]byte(`{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1","event":"Helpdesk"}`), 0o600)
	out, stderr, code := runWith(t, "", "forget", "--user", "denis")
	if code != 0 || !strings.Contains(out, "no password was saved for denis") {
		t.Fatalf("forget with nothing saved: exit %d, %q %q", code, out, stderr)
	}
	key := credstore.Key{Server: "https://aa.example.com/api/v1", Event: "Helpdesk", User: "denis"}
	if err := credstore.New(credstore.Config{}).Save(key, "pw", &auth.Policy{SavePassword: true}, true); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = runWith(t, "", "forget", "--user", "denis")
	if code != 0 || !strings.Contains(out, "is deleted") {
		t.Errorf("forget: exit %d, %q %q", code, out, stderr)
	}
	if _, err := credstore.New(credstore.Config{}).Load(key); !errors.Is(err, credstore.ErrNotFound) {
		t.Errorf("after forget: %v, want nothing saved", err)
	}
}

func TestWritePNG_IsOwnerOnlyAndReplacesAPlantedLink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	out := filepath.Join(dir, "finger.png")
	os.Symlink(victim, out)
	if err := writePNG(out, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Error("the image was written through the planted link")
	}
	if st, err := os.Lstat(out); err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o600 {
		t.Errorf("finger.png: %v %v, want a regular file, mode 0600", st.Mode(), err)
	}
}
