package auth

import "strings"

// NormalizeUser is the one form of a user name that the client sends and
// keys its local state by (the saved password, the last chain used): the
// name as typed, without the spaces around it. An empty result means no
// user name. The server compares names itself; case is left as typed.
func NormalizeUser(name string) string {
	return strings.TrimSpace(name)
}
