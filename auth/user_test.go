package auth_test

import (
	"testing"

	"aalogon/auth"
)

func TestUserInfo_DisplayName(t *testing.T) {
	cases := []struct {
		name string
		u    auth.UserInfo
		want string
	}{
		{"first name", auth.UserInfo{UserName: `JAGUAR\denis`, UserFirstName: "Denis"}, "Denis"},
		{"first name with spaces", auth.UserInfo{UserName: `JAGUAR\denis`, UserFirstName: "  Denis "}, "Denis"},
		{"NetBIOS domain", auth.UserInfo{UserName: `JAGUAR\denis`}, "denis"},
		{"blank first name", auth.UserInfo{UserName: `JAGUAR\denis`, UserFirstName: " "}, "denis"},
		{"UPN", auth.UserInfo{UserName: "denis@jaguar.example"}, "denis"},
		{"bare", auth.UserInfo{UserName: "denis"}, "denis"},
		{"leading @ is the name", auth.UserInfo{UserName: "@denis"}, "@denis"},
		{"nothing", auth.UserInfo{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.u.DisplayName(); got != tc.want {
				t.Errorf("DisplayName() = %q, want %q", got, tc.want)
			}
		})
	}
}
