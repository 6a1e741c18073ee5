package ingest

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"jikimi/healthcare/measure"
	"jikimi/vault/vaulttest"
)

// Two batches of one participant sent at once, overlapping in their
// points and hours, store each point once: between them every point is
// accepted exactly once, and the day's summary counts each once.
func TestConcurrentBatchesStoreEachPointOnce(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		in := New(e.Vault, e.Clock)
		dev := participant(t, e)
		batch := func(from, to int) []json.RawMessage {
			var out []json.RawMessage
			for i := from; i < to; i++ {
				out = append(out, hr(fmt.Sprintf("hr-%d", i), base.Add(time.Duration(i)*time.Minute), 60))
			}
			return out
		}
		batches := [][]json.RawMessage{batch(0, 90), batch(30, 120), batch(60, 150), batch(0, 150)}
		reports := make([]*Report, len(batches))
		var wg sync.WaitGroup
		for i, b := range batches {
			wg.Go(func() {
				var err error
				if reports[i], err = in.Sync(ctx, dev, "127.0.0.1", b); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		accepted := 0
		for _, r := range reports {
			if r != nil {
				accepted += r.Accepted
			}
		}
		if accepted != 150 {
			t.Fatalf("%d points accepted in all, want each of 150 once", accepted)
		}
		if got := day(t, e, dev.Subject, measure.DateOf(base)); got.HRN != 150 {
			t.Fatalf("the day counts %d samples, want 150", got.HRN)
		}
	})
}
