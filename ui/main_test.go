package ui_test

import (
	"os"
	"testing"
	"time"
)

// TestMain shows local times in UTC in every test of the package, so that
// the signed-in screen's "Since 1 Dec 2026, 09:30" is the same on every
// machine (the screens' goldens). time.Local is set here, before any test
// starts a goroutine that reads it: set inside a test, it raced with the
// simulator's server reading the clock.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}
