package config

import "testing"

func TestResolve_LogFileIsOnUnlessALayerSaysFalse(t *testing.T) {
	base := writeLayer(t, "system.json", `{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1"}`)
	off := writeLayer(t, "kiosk.json", `{"log_file":false}`)
	on := writeLayer(t, "user.json", `{"log_file":true}`)
	cases := []struct {
		name   string
		layers []fileLayer
		want   bool
	}{
		{"not set", []fileLayer{{base, true}}, true},
		{"false", []fileLayer{{base, true}, {off, true}}, false},
		{"a later layer turns it on", []fileLayer{{base, true}, {off, true}, {on, true}}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			eff, err := resolve(tc.layers, denied(), noEnv, noPolicy)
			if err != nil {
				t.Fatal(err)
			}
			if got := eff.LogFileOn(); got != tc.want {
				t.Errorf("LogFileOn() = %v, want %v (from %q)", got, tc.want, eff.From["log_file"])
			}
		})
	}
}
