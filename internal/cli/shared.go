package cli

import (
	"fmt"
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
		return -1, &hinted{msg: "a machine-wide registration (--system) is not available on Windows",
			hint: "register with --config FILE for each account that signs in"}
	}
	g, err := user.LookupGroup(sharedGroup)
	if err != nil {
		return -1, &hinted{msg: fmt.Sprintf("there is no group %s on this computer", sharedGroup),
			hint: "the aalogon package creates it; or: sudo groupadd --system " + sharedGroup}
	}
	gid, err := strconv.Atoi(g.Gid)
	if err != nil {
		return -1, &hinted{msg: fmt.Sprintf("the group %s has no numeric id (%q)", sharedGroup, g.Gid)}
	}
	return gid, nil
}
