//go:build unix

package logfile

import "syscall"

// noFollow makes opening the log refuse a symbolic link planted in its place.
const noFollow = syscall.O_NOFOLLOW
