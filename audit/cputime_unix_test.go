//go:build unix

package audit

import (
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far, so benchmarks on a busy machine
// can report a rate per CPU-second beside the wall-clock one.
func cpuTime() time.Duration {
	var r syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &r) != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
