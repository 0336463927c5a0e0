//go:build !windows

package credstore

import (
	"os"
	"testing"
)

func TestSecretFileSafe(t *testing.T) {
	const me, other = 1000, 1001
	cases := []struct {
		name        string
		mode        os.FileMode
		owner, self int
		want        bool
	}{
		{"mine, 0600", 0o600, me, me, true},
		{"mine, 0400", 0o400, me, me, true},
		{"root's machine-wide file, 0640, read by a group member", 0o640, 0, me, true},
		{"root's, 0600, read by root", 0o600, 0, 0, true},
		{"another user's, 0600", 0o600, other, me, false},
		{"another user's, 0640", 0o640, other, me, false},
		{"mine but group-readable", 0o640, me, me, false},
		{"readable by everyone", 0o644, 0, me, false},
		{"group-writable", 0o660, 0, me, false},
		{"a folder", os.ModeDir | 0o700, me, me, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := secretFileSafe(tc.mode, tc.owner, tc.self); got != tc.want {
				t.Errorf("secretFileSafe(%v, owner %d, self %d) = %v, want %v", tc.mode, tc.owner, tc.self, got, tc.want)
			}
		})
	}
}
