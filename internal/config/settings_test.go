package config_test

import (
	"fmt"
	"strings"
	"testing"

	"aalogon/internal/config"
)

// Settings never hands out a hidden key's value, and tells an optional
// value that is not set from one that is.
func TestClient_SettingsHideSecretsAndTellUnsetFromSet(t *testing.T) {
	off := false
	c := &config.Client{ServerURL: "https://aa.example.com/api/v1", EndpointSecret: "s3cret-endpoint",
		KioskPINHash: "$2a$04$hashofthekioskpin", LogFile: &off}
	byKey := map[string]config.Setting{}
	for _, s := range c.Settings() {
		byKey[s.Key] = s
	}
	for _, key := range []string{"endpoint_secret", "kiosk_pin_hash"} {
		if s := byKey[key]; !s.Hidden || !s.Set || s.Value != nil {
			t.Errorf("%s: %+v, want hidden, set, no value", key, s)
		}
	}
	if all := fmt.Sprintf("%#v", c.Settings()); strings.Contains(all, "s3cret") || strings.Contains(all, "hashofthekioskpin") {
		t.Errorf("a hidden value is in the settings: %s", all)
	}
	if s := byKey["server_url"]; s.Hidden || s.Value != c.ServerURL {
		t.Errorf("server_url: %+v", s)
	}
	if s := byKey["log_file"]; !s.Set || s.Value != false {
		t.Errorf("log_file false: %+v, want set to false", s)
	}
	if s := (&config.Client{}).Settings(); len(s) != len(byKey) {
		t.Errorf("an empty configuration lists %d keys, a full one %d", len(s), len(byKey))
	}
	for _, s := range (&config.Client{}).Settings() {
		if s.Set || (s.Key == "log_file" && s.Value != nil) {
			t.Errorf("%s of an empty configuration: %+v, want not set", s.Key, s)
		}
	}
}
