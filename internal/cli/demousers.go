package cli

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"aalogon/auth"
	"aalogon/auth/aasim"
)

// defaultEvent is the event logon signs in to when neither --event nor
// the configuration names one; the demo's users are listed for it.
const defaultEvent = "Authenticators Management"

// printDemoUsers tells the person who can sign in to the demo simulator
// (simulate, logon --demo).
func printDemoUsers(env Env) {
	fmt.Fprint(env.Stderr, demoUsersText(env.say(), aasim.DefaultData()))
}

// demoUsersText lists, from the simulator's data d, its administrator and
// each user with the demo password: the chains of defaultEvent the user is
// offered, by the names --chain takes, and what those chains ask beyond the
// password (security answers, other passwords), in say's language.
func demoUsersText(say *words, d *aasim.Data) string {
	var b strings.Builder
	b.WriteString(say.t("cli.demo_admin", "Admin", d.AdminUser, "Password", fmt.Sprintf("%q", d.AdminPassword)) + "\n")
	b.WriteString(say.t("cli.demo_users", "Password", fmt.Sprintf("%q", aasim.DemoPassword)) + "\n")
	var event *aasim.Event
	for i := range d.Events {
		if d.Events[i].Name == defaultEvent {
			event = &d.Events[i]
		}
	}
	if event == nil {
		return b.String()
	}
	type line struct{ name, chains, extra string }
	var lines []line
	width := 0
	for i := range d.Users {
		u := &d.Users[i]
		if u.LDAPPassword != aasim.DemoPassword {
			continue // the administrator, and any user the heading does not speak of
		}
		var chains []string
		var methods []auth.MethodID
		for _, name := range event.Chains {
			for _, c := range d.Chains {
				if c.Name == name && u.CanTake(c) {
					chains = append(chains, c.Name)
					methods = append(methods, c.Methods...)
				}
			}
		}
		if len(chains) == 0 {
			continue
		}
		lines = append(lines, line{u.Name, strings.Join(chains, ", "), demoExtra(say, u, methods)})
		width = max(width, len(u.Name))
	}
	for _, l := range lines {
		fmt.Fprintf(&b, "  %-*s  %s", width, l.name, l.chains)
		if l.extra != "" {
			fmt.Fprintf(&b, " (%s)", l.extra)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// demoExtra is what u answers methods with beyond the demo password: the
// security answers, in the order the simulator asks (by question id), and
// any other password, named by its method.
func demoExtra(say *words, u *aasim.User, methods []auth.MethodID) string {
	var extra []string
	var seen []auth.MethodID
	for _, m := range methods {
		if slices.Contains(seen, m) {
			continue
		}
		seen = append(seen, m)
		if m == auth.MethodSecQuest {
			ids := make([]string, 0, len(u.SecQuest))
			for id := range u.SecQuest {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			answers := make([]string, len(ids))
			for i, id := range ids {
				answers[i] = u.SecQuest[id].Answer
			}
			extra = append(extra, say.t("cli.demo_answers", "Answers", strings.Join(answers, ", ")))
		}
		if pw := u.PasswordFor(m); pw != "" && pw != aasim.DemoPassword {
			extra = append(extra, fmt.Sprintf("%s: %q", say.method(m), pw))
		}
	}
	return strings.Join(extra, ", ")
}
