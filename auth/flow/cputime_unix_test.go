//go:build unix

package flow_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) the whole test process
// has used so far, and true; a busy machine's waiting is not in it.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
