package config_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"aalogon/internal/config"
)

// FuzzParse: any bytes give a valid configuration or an error, never a
// panic. An accepted configuration validates and survives a JSON round
// trip; an error never repeats the endpoint secret it was given.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"server_url":"https://aa.example.com/api/v1","endpoint_id":"e1","endpoint_secret":"s3cret-value"}`))
	f.Add([]byte("{\n  \"server_url\": \"https://127.0.0.1:8443/api/v1\",\n  \"endpoint_id\": \"e1\",\n" +
		"  \"ca_file\": \"ca.pem\",\n  \"pins\": [\"sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"],\n" +
		"  \"event\": \"Authenticators Management\",\n  \"language\": \"de\"\n}\n"))
	f.Add([]byte(`{"server_url":"http://a/api/v1","endpoint_id":"e","endpoint_secret":"s"}`))
	f.Add([]byte("{\n\"server_url\": \"https://a\",\n\"pins\": \"x\"\n}"))
	f.Add([]byte(`{"server_url":"https://a/api/v1","endpoint_id":"e","endpoint_secret":"s3cret-value","pins":["md5/x"]}`))
	f.Add([]byte(`{"server_url":"https://a/api/v1","endpoint_id":"e","endpoint_secret":"s3cret-value"} {}`))
	f.Add([]byte(`{"server_url":"https://a/api/v1","endpoint_id":"e","endpoint_secret":"s3cret-value","sever":1}`))
	f.Add([]byte("{\n\"server_url\": "))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := config.Parse(b)
		if err != nil {
			if c != nil {
				t.Fatal("a configuration returned with an error")
			}
			if s := secretOf(b); len(s) >= 6 && bytes.Count(b, []byte(s)) == 1 && strings.Contains(err.Error(), s) {
				t.Fatalf("the error repeats the endpoint secret: %v", err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse accepted a configuration that does not validate: %v", err)
		}
		out, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("an accepted configuration does not marshal: %v", err)
		}
		var keys map[string]any
		if json.Unmarshal(out, &keys) != nil || keys["endpoint_secret"] != nil {
			t.Fatal("the endpoint secret was marshalled")
		}
		again, err := config.Parse(out)
		if err != nil {
			t.Fatalf("a marshalled configuration does not parse: %v\n%s", err, out)
		}
		if len(c.Pins) == 0 {
			c.Pins = nil // "pins": [] and no pins are the same configuration
		}
		again.EndpointSecret = c.EndpointSecret
		if !reflect.DeepEqual(again, c) {
			t.Fatalf("round trip changed the configuration:\n got %+v\nwant %+v", again, c)
		}
	})
}

// secretOf returns the endpoint secret a configuration holds, or "".
func secretOf(b []byte) string {
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return ""
	}
	s, _ := m["endpoint_secret"].(string)
	return s
}
