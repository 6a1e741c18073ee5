package retention

import (
	"context"
	"time"
)

// Daily is the destruction run as a background job: it runs Run for the
// clock's day at once and again every interval (an hour when 0) until ctx
// ends. Each day's plans are built once however often it runs; the runs in
// between escalate late plans and carry out plans approved meanwhile. A
// failed run is logged and retried at the next tick.
func (r *Runner) Daily(ctx context.Context, every time.Duration) error {
	if every <= 0 {
		every = time.Hour
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := r.Run(ctx, r.now()); err != nil && ctx.Err() == nil {
			r.log.Error("retention: run failed; retrying at the next tick", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}
