//go:build !unix

package flow_test

import "time"

// processCPU reports false: the benchmarks' CPU metrics need getrusage.
func processCPU() (time.Duration, bool) { return 0, false }
