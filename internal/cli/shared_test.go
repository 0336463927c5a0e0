package cli

import (
	"os"
	"strings"
	"testing"
)

// The packages create the group that register --system gives the secret to.
func TestPackagesCreateTheSharedGroup(t *testing.T) {
	script, err := os.ReadFile("../../packaging/postinstall.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"groupadd --system " + sharedGroup, "addgroup --system " + sharedGroup, "udevadm control --reload-rules"} {
		if !strings.Contains(string(script), want) {
			t.Errorf("packaging/postinstall.sh lacks %q", want)
		}
	}
	nfpm, err := os.ReadFile("../../packaging/nfpm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(nfpm), "postinstall: packaging/postinstall.sh") {
		t.Error("nfpm.yaml does not run packaging/postinstall.sh after installing")
	}
}
