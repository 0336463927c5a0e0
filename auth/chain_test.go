package auth_test

import (
	"encoding/json"
	"testing"

	"aalogon/auth"
)

// TestChainEnabledUnlessSaidOtherwise: a slim chain list without
// is_enabled is a list of usable chains; only an explicit false disables.
func TestChainEnabledUnlessSaidOtherwise(t *testing.T) {
	cases := []struct {
		name, body string
		want       bool
	}{
		{"key absent", `{"name":"A","methods":["LDAP_PASSWORD:1"]}`, true},
		{"null", `{"name":"A","is_enabled":null}`, true},
		{"true", `{"name":"A","is_enabled":true}`, true},
		{"false", `{"name":"A","is_enabled":false}`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c auth.Chain
			if err := json.Unmarshal([]byte(tc.body), &c); err != nil {
				t.Fatal(err)
			}
			if c.IsEnabled != tc.want || c.Name != "A" {
				t.Errorf("chain = %+v, want IsEnabled %v and the name kept", c, tc.want)
			}
		})
	}
	var list auth.ChainList
	if err := json.Unmarshal([]byte(`{"chains":[{"name":"A","position":0},{"name":"B","is_enabled":false}]}`), &list); err != nil {
		t.Fatal(err)
	}
	if !list.Chains[0].IsEnabled || list.Chains[1].IsEnabled {
		t.Errorf("chains = %+v, want A enabled and B disabled", list.Chains)
	}
}
