package device_test

import (
	"fmt"
	"testing"

	"aalogon/device"
	"aalogon/internal/i18n"
)

// TestMessageKey: each error a person can act on, even wrapped by a driver,
// has its own sentence in English and German; anything else is "the
// reader did not work".
func TestMessageKey(t *testing.T) {
	c := i18n.Shipped()
	cases := []struct {
		err  error
		key  string
		want string // the German text
	}{
		{device.ErrBusy, "reader.busy", ""},
		{device.ErrNoReader, "reader.none", ""},
		{device.ErrUnplugged, "reader.unplugged", "Der Fingerabdruckleser wurde abgezogen. Stecken Sie ihn wieder ein."},
		{device.ErrTooLittle, "reader.too_little", ""},
		{fmt.Errorf("uru4000: capture: %w", device.ErrTimeout), "reader.timeout", ""},
		{fmt.Errorf("something else"), "error.reader", ""},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			if got := device.MessageKey(tc.err); got != tc.key {
				t.Fatalf("MessageKey(%v) = %q, want %q", tc.err, got, tc.key)
			}
			en, de := c.Text("en", tc.key, nil), c.Text("de", tc.key, nil)
			if en == tc.key || de == en {
				t.Errorf("%s: en %q, de %q: want a sentence in each language", tc.key, en, de)
			}
			if tc.want != "" && de != tc.want {
				t.Errorf("%s in German = %q, want %q", tc.key, de, tc.want)
			}
			if got := device.Message(tc.err); got != en {
				t.Errorf("Message(%v) = %q, want the English %q", tc.err, got, en)
			}
		})
	}
}
