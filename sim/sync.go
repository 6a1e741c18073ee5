package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"jikimi/healthcare/ingest"
	"jikimi/healthcare/measure"
)

// syncService sends, through the ingestion service, the watch's Open mHealth
// points of n days, a week apart from today back: a step count and a heart
// rate each morning. The service keeps them as hourly records and daily
// summaries; tomorrow's points run accrues today's steps.
func (s *sim) syncService(ctx context.Context, p *participant, n int) error {
	today := s.now().In(measure.Seoul)
	var raws []json.RawMessage
	for i := range n {
		at := time.Date(today.Year(), today.Month(), today.Day()-7*i, 10, 0, 0, 0, measure.Seoul)
		raws = append(raws, stepPoint(fmt.Sprintf("sim-st-%s-%d", p.device, at.Unix()), at, 4000+s.rng.IntN(8000)),
			heartPoint(fmt.Sprintf("sim-hr-%s-%d", p.device, at.Unix()), at, 60+s.rng.IntN(30)))
	}
	rep, err := s.cfg.Services.Ingest.Sync(ctx, ingest.Device{ID: p.device, Subject: p.subject}, source, raws)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	if rep.Rejected > 0 {
		return fmt.Errorf("sync: %d synthetic points rejected: %+v", rep.Rejected, rep.Results)
	}
	return s.learn(ctx, p.member)
}

func omhPoint(id, name, version string, at time.Time, body string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"header":{"id":%q,"creation_date_time":%q,"schema_id":{"namespace":"omh","name":%q,"version":%q}},"body":%s}`,
		id, at.Add(time.Hour).Format(time.RFC3339), name, version, body))
}

func stepPoint(id string, at time.Time, n int) json.RawMessage {
	return omhPoint(id, "step-count", "3.0", at, fmt.Sprintf(`{"step_count":{"value":%d,"unit":"steps"},"effective_time_frame":{"time_interval":{"start_date_time":%q,"end_date_time":%q}}}`,
		n, at.Format(time.RFC3339), at.Add(time.Hour).Format(time.RFC3339)))
}

func heartPoint(id string, at time.Time, bpm int) json.RawMessage {
	return omhPoint(id, "heart-rate", "2.0", at, fmt.Sprintf(`{"heart_rate":{"value":%d,"unit":"beats/min"},"effective_time_frame":{"date_time":%q}}`,
		bpm, at.Format(time.RFC3339)))
}
