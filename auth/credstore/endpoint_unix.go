//go:build !windows

package credstore

import (
	"fmt"
	"os"
	"syscall"
)

// checkSecretFile accepts an open endpoint secret file that only the right
// accounts can read or change: a regular file owned by this user or by
// root, that no other account may read or write, and no group may write;
// only root's file may be readable by its group (the machine-wide
// registration, root:aalogon 0640).
func checkSecretFile(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("credstore: endpoint secret: %w", err)
	}
	owner := -1
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		owner = int(sys.Uid)
	}
	if !secretFileSafe(st.Mode(), owner, os.Getuid()) {
		return &UnsafeFileError{Path: f.Name(), Mode: st.Mode(), Owner: owner}
	}
	return nil
}

// secretFileSafe is checkSecretFile's rule for a file of mode and owner,
// read by user self.
func secretFileSafe(mode os.FileMode, owner, self int) bool {
	perm := mode.Perm()
	switch {
	case !mode.IsRegular():
		return false
	case owner != self && owner != 0:
		return false
	case perm&0o027 != 0: // others may read, or anyone but the owner may write
		return false
	case perm&0o040 != 0 && owner != 0: // group-readable: root's shared file only
		return false
	}
	return true
}
