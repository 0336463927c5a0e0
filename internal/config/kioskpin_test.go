package config_test

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"aalogon/internal/config"
)

func TestKioskPINHashIsValidated(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte("4711"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	base := `{"server_url":"https://a/api/v1","endpoint_id":"e","kiosk_pin_hash":`
	c, err := config.Parse([]byte(base + `"` + string(hash) + `"}`))
	if err != nil || c.KioskPINHash != string(hash) {
		t.Fatalf("a bcrypt hash: %v, %q", err, c.KioskPINHash)
	}
	for _, bad := range []string{"4711", "$2a$10$short"} {
		_, err := config.Parse([]byte(base + `"` + bad + `"}`))
		if err == nil || !strings.Contains(err.Error(), "kiosk_pin_hash: not a bcrypt hash") {
			t.Errorf("kiosk_pin_hash %q: err = %v", bad, err)
		}
		if err != nil && strings.Contains(err.Error(), bad) {
			t.Errorf("the error repeats the value: %v", err)
		}
	}
}
