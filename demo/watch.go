package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"jikimi/healthcare/ingest"
	"jikimi/healthcare/measure"
)

// seedWatchData sends the demo participant's last two weeks from their
// watch through the sync's own code (package ingest), so the dashboard
// has steps, heart rates and sleep to show: one synthetic walk, a night's
// sleep and three heart rates a day, dated from the clock's today.
func seedWatchData(ctx context.Context, d Deps, subject, device string) error {
	if d.Clock == nil {
		return nil
	}
	today := measure.DateOf(d.Clock.Now())
	var raws []json.RawMessage
	for i := 13; i >= 1; i-- {
		day := today.AddDays(-i)
		walk := day.Start().Add(10 * time.Hour)
		steps := 5200 + (i*1733)%5100 // some days over the 8,000 goal, some under
		raws = append(raws, watchPoint(fmt.Sprintf("demo-steps-%d", i), "step-count", "3.0", walk,
			fmt.Sprintf(`{"step_count":{"value":%d,"unit":"steps"},"effective_time_frame":{"time_interval":{"start_date_time":%q,"duration":{"value":1,"unit":"h"}}}}`,
				steps, walk.Format(time.RFC3339))))
		bed := day.Start().Add(-time.Hour) // 23:00 the night before: counts for this morning
		raws = append(raws, watchPoint(fmt.Sprintf("demo-sleep-%d", i), "sleep-duration", "2.0", bed,
			fmt.Sprintf(`{"sleep_duration":{"value":%d,"unit":"min"},"effective_time_frame":{"time_interval":{"start_date_time":%q,"duration":{"value":%d,"unit":"min"}}}}`,
				360+(i*37)%90, bed.Format(time.RFC3339), 360+(i*37)%90)))
		for j, h := range []int{8, 14, 21} {
			at := day.Start().Add(time.Duration(h) * time.Hour)
			raws = append(raws, watchPoint(fmt.Sprintf("demo-hr-%d-%d", i, j), "heart-rate", "2.0", at,
				fmt.Sprintf(`{"heart_rate":{"value":%d,"unit":"beats/min"},"effective_time_frame":{"date_time":%q}}`, 64+(i*7+j*11)%20, at.Format(time.RFC3339))))
		}
	}
	_, err := ingest.New(d.Vault, d.Clock).Sync(ctx, ingest.Device{ID: device, Subject: subject}, "127.0.0.1", raws)
	return err
}

func watchPoint(id, schema, version string, at time.Time, body string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"header":{"id":%q,"creation_date_time":%q,"schema_id":{"namespace":"omh","name":%q,"version":%q}},"body":%s}`,
		id, at.Format(time.RFC3339), schema, version, body))
}
