package audit

import (
	"context"
	"time"
)

// Run checkpoints until ctx ends: whenever the clock shows CheckpointInterval
// passed since the last checkpoint, and at once when Append reports
// CheckpointEvery entries waiting; each new checkpoint goes to the
// witnesses (their failures go to Options.OnWitnessError and do not stop
// Run). It wakes often in real time to read the injected clock, so a
// simulated clock drives it too. It returns nil when ctx ends and the first
// checkpoint error otherwise (the caller decides whether to restart it).
// Close signs the tail left when it stops.
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
		if err := l.checkpointAndWitness(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		last = l.clk.Now()
	}
}

func (l *Log) checkpointAndWitness(ctx context.Context) error {
	before := l.Published()
	cp, err := l.Checkpoint(ctx)
	if err != nil {
		return err
	}
	if len(l.witnesses) > 0 && (before == nil || before.Size != cp.Size) {
		if err := l.Witness(ctx, cp); err != nil && l.onWitnessError != nil {
			l.onWitnessError(err)
		}
	}
	return nil
}

// Close signs a checkpoint of every entry appended so far and sends it to
// the witnesses, so a server that stops gracefully leaves no unsigned
// tail. Call it after the last append, when ctx has no deadline left to
// the server's own shutdown.
func (l *Log) Close(ctx context.Context) error {
	if l.signer == nil {
		return nil
	}
	return l.checkpointAndWitness(ctx)
}
