package auth_test

import (
	"context"
	"testing"

	"aalogon/auth/aasim"
)

// TestCloseEndsTheEndpointSession: the client deletes the endpoint session
// it opened, even when the caller's context is already cancelled, and a
// later call opens a new one.
func TestCloseEndsTheEndpointSession(t *testing.T) {
	c, sim, _ := newTestClient(t, aasim.Config{})
	if _, err := c.Chains(ctx(t), "denis", ""); err != nil {
		t.Fatal(err)
	}
	first, _ := c.EndpointSession(ctx(t))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Close(cancelled); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if err := c.Close(cancelled); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	counts := sim.Counts()
	if n := counts["DELETE /api/v1/endpoints/{id}/sessions/{sid}"]; n != 1 {
		t.Errorf("DELETE of the endpoint session sent %d times, want 1", n)
	}
	if _, err := c.Chains(ctx(t), "denis", ""); err != nil {
		t.Fatalf("a call after Close: %v", err)
	}
	second, _ := c.EndpointSession(ctx(t))
	if second == first {
		t.Error("the client kept using the closed session")
	}
	if n := sim.Counts()["GET /api/v1/logon/chains"]; n != 2 {
		t.Errorf("chain calls = %d, want 2 (no 433 on the closed session: a new one was opened)", n)
	}
}
