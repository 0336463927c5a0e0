package cli

import (
	"bytes"
	"encoding/json"
	"image"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
	"golang.org/x/crypto/bcrypt"

	"aalogon/internal/config"
)

// fileKeys are the keys of the configuration file, read from config.Client's
// JSON tags, and the endpoint secret, which the file form adds.
func fileKeys() []string {
	keys := []string{"endpoint_secret"}
	t := reflect.TypeFor[config.Client]()
	for i := range t.NumField() {
		if key, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); key != "" && key != "-" {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	return keys
}

// config.json lists every key of the configuration, each with the value of
// the file that set it; the endpoint secret and the kiosk PIN's hash are
// said to be set, never shown.
func TestSupportBundle_ConfigJSONListsEveryKeyAndNoSecret(t *testing.T) {
	keyring.MockInitWithError(errNoSecretService)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	logo := filepath.Join(dir, "logo.png")
	if err := writePNG(logo, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte("4711"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "s3cret-of-the-endpoint-0042"
	file := map[string]any{
		"server_url": "https://127.0.0.1:1/api/v1", "endpoint_id": "e1", "endpoint_secret": secret,
		"ca_file": filepath.Join(dir, "ca.pem"), "pins": []string{"sha256/" + strings.Repeat("A", 43) + "="},
		"event": "Helpdesk", "language": "de", "kiosk_pin_hash": string(hash), "theme": "high-contrast",
		"branding_name": "Jaguar Ltd", "branding_logo": logo, "log_file": false,
	}
	b, _ := json.Marshal(file)
	cfgPath := filepath.Join(dir, "client.json")
	os.WriteFile(cfgPath, b, 0o600)

	got := session{}.readBundle(t, "--config", cfgPath)["config.json"]
	var doc struct {
		Keys map[string]struct {
			Value  json.RawMessage
			Source string
		}
	}
	if err := json.Unmarshal(got, &doc); err != nil {
		t.Fatalf("config.json: %v\n%s", err, got)
	}
	var listed []string
	for key := range doc.Keys {
		listed = append(listed, key)
	}
	sort.Strings(listed)
	if want := fileKeys(); !reflect.DeepEqual(listed, want) {
		t.Errorf("config.json lists %q, want every key of the file: %q", listed, want)
	}
	hidden := map[string]string{
		"endpoint_secret": `"present in the configuration file (discouraged: move it out with 'aalogon register')"`,
		"kiosk_pin_hash":  `"set (not shown)"`,
	}
	for key, value := range file {
		k := doc.Keys[key]
		want, _ := json.Marshal(value)
		if h, ok := hidden[key]; ok {
			want = []byte(h)
		}
		var value bytes.Buffer
		json.Compact(&value, k.Value)
		if value.String() != string(want) || k.Source != cfgPath {
			t.Errorf("%s: %s from %q, want %s from %s", key, value.String(), k.Source, want, cfgPath)
		}
	}
	for name, leak := range encodings([]byte(secret)) {
		if strings.Contains(string(got), leak) {
			t.Errorf("config.json holds the endpoint secret (%s)", name)
		}
	}
	if strings.Contains(string(got), string(hash)[7:]) {
		t.Error("config.json holds the kiosk PIN's hash")
	}
}
