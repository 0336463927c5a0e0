package readers_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"aalogon/device/readers"
)

// The udev rule shipped in assets/ must grant access to exactly the readers
// the drivers support.
func TestUdevRuleCoversEverySupportedReader(t *testing.T) {
	b, err := os.ReadFile("../../assets/60-aalogon-fingerprint-readers.rules")
	if err != nil {
		t.Fatal(err)
	}
	rules := 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "SUBSYSTEM==") {
			rules++
		}
	}
	for _, m := range readers.Supported() {
		want := fmt.Sprintf(`ATTRS{idVendor}=="%04x", ATTRS{idProduct}=="%04x"`, m.VID, m.PID)
		if !strings.Contains(string(b), want) {
			t.Errorf("the udev rule misses %04x:%04x (%s)", m.VID, m.PID, m.Name)
		}
	}
	if n := len(readers.Supported()); rules != n {
		t.Errorf("%d rules for %d supported readers", rules, n)
	}
}
