package cli

import (
	"os/user"
	"runtime"
	"strconv"
)

// sharedGroup is the group whose members may read a machine-wide
// registration's endpoint secret (root:aalogon 0640). The .deb and .rpm
// create it (packaging/postinstall.sh); an administrator adds the people
// who may sign in at the machine.
const sharedGroup = "aalogon"

// sharedGroupID looks up sharedGroup for a machine-wide registration.
func sharedGroupID() (int, error) {
	if runtime.GOOS == "windows" {
		return -1, &hinted{msg: msg("cli.system_windows"), hint: msg("cli.hint_system_windows")}
	}
	g, err := user.LookupGroup(sharedGroup)
	if err != nil {
		return -1, &hinted{msg: msg("cli.no_group", "Group", sharedGroup), hint: msg("cli.hint_no_group", "Group", sharedGroup)}
	}
	gid, err := strconv.Atoi(g.Gid)
	if err != nil {
		return -1, &hinted{msg: msg("cli.group_id", "Group", sharedGroup, "ID", g.Gid)}
	}
	return gid, nil
}
