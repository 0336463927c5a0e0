package auth

import "strings"

// NormalizeUser is the one form of a user name that the client sends and
// keys its local state by (the saved password, the last chain used): the
// name as typed, without the spaces around it. An empty result means no
// user name. The server compares names itself; case is left as typed.
func NormalizeUser(name string) string {
	return strings.TrimSpace(name)
}

// DisplayName is how the person is named to themselves when signed in
// (the window's heading, the terminal's "signed in as"): the first name the
// server gives (user_first_name), else the user name without its domain
// (JAGUAR\denis and denis@jaguar.example are denis). Empty when the server
// gave neither.
func (u UserInfo) DisplayName() string {
	if name := strings.TrimSpace(u.UserFirstName); name != "" {
		return name
	}
	name := u.UserName
	if i := strings.LastIndex(name, `\`); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndex(name, "@"); i > 0 {
		name = name[:i]
	}
	return name
}
