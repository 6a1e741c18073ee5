package audit

import (
	"context"
	"time"
)

// Run checkpoints until ctx ends: whenever the clock shows CheckpointInterval
// passed since the last checkpoint, and at once when Append reports
// CheckpointEvery entries waiting. It wakes often in real time to read the
// injected clock, so a simulated clock drives it too. It returns nil when
// ctx ends and the first checkpoint error otherwise (the caller decides
// whether to restart it).
func (l *Log) Run(ctx context.Context) error {
	wake := time.NewTicker(l.poll)
	defer wake.Stop()
	last := l.clk.Now()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-l.nudge:
		case <-wake.C:
			if l.clk.Now().Sub(last) < CheckpointInterval {
				continue
			}
		}
		if _, err := l.Checkpoint(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		last = l.clk.Now()
	}
}
