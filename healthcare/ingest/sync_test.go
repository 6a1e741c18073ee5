package ingest

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/omh"
	"jikimi/vault/vaulttest"
)

// mixed is a batch with every kind of answer.
func mixed() []json.RawMessage {
	return []json.RawMessage{
		hr("hr-1", base.Add(1*time.Minute), 60),
		hr("hr-2", base.Add(2*time.Minute), 70),
		hr("hr-3", base.Add(61*time.Minute), 80), // the next hour
		steps("st-1", base, 4000),
		hr("hr-1", base.Add(1*time.Minute), 60),                      // again in the batch
		hr("bad-range", base.Add(3*time.Minute), 900),                // out of range
		hr("bad-future", base.Add(24*time.Hour), 60),                 // future
		raw("bad-schema", "mood", "1.0", `{}`),                       // unknown schema
		raw("bad-body", "heart-rate", "2.0", `{"heart_rate":61}`),    // schema violation
		hr("bad-past", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), 60), // an unset clock
	}
}

func statuses(r *Report) []string {
	var out []string
	for _, x := range r.Results {
		out = append(out, string(x.Status)+":"+x.Reason)
	}
	return out
}

func TestSyncAnswersEachPointAndKeepsTheValidOnes(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		in := New(e.Vault, e.Clock)
		dev := participant(t, e)
		rep, err := in.Sync(ctx, dev, "127.0.0.1", mixed())
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"accepted:", "accepted:", "accepted:", "accepted:", "duplicate:",
			"rejected:out_of_range", "rejected:future_timestamp", "rejected:unknown_schema", "rejected:schema_violation",
			"rejected:past_timestamp"}
		if got := statuses(rep); !slices.Equal(got, want) {
			t.Fatalf("answers %v\nwant %v", got, want)
		}
		if rep.Accepted != 4 || rep.Duplicate != 1 || rep.Rejected != 5 {
			t.Fatalf("counts %+v", rep)
		}
		if rep.Results[5].ID != "bad-range" || rep.Results[7].ID != "bad-schema" {
			t.Fatalf("a rejected point's ID is not answered: %+v", rep.Results[5:])
		}
		if n := records(t, e, dev.Subject); n != 3 {
			t.Fatalf("%d records, want 2 hours and 1 day", n)
		}
		d := measure.DateOf(base)
		if got := day(t, e, dev.Subject, d); got != (summaryView{4000, 3, 70}) {
			t.Fatalf("day summary %+v", got)
		}
		samples := chunkOf(t, e, dev.Subject, base)
		if len(samples) != 2 || samples[1].BPM != 70 || !samples[1].At.Equal(base.Add(2*time.Minute)) {
			t.Fatalf("hour chunk %v", samples)
		}
	})
}

func chunkOf(t *testing.T, e *vaulttest.Env, subject string, at time.Time) []omh.Sample {
	t.Helper()
	h := omh.HourOf(at)
	rec, err := decodeHour(read(t, e, subject, hourKey(h), heartItem))
	if err != nil {
		t.Fatal(err)
	}
	s, err := omh.DecodeChunk(omh.Chunk{Hour: h, Data: rec[heartItem].Chunk})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Re-sending a batch changes nothing; a batch overlapping an earlier one
// adds only its new points.
func TestSyncIsIdempotent(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		in := New(e.Vault, e.Clock)
		dev := participant(t, e)
		if _, err := in.Sync(ctx, dev, "127.0.0.1", mixed()); err != nil {
			t.Fatal(err)
		}
		d := measure.DateOf(base)
		before := day(t, e, dev.Subject, d)
		rep, err := in.Sync(ctx, dev, "127.0.0.1", mixed())
		if err != nil {
			t.Fatal(err)
		}
		if rep.Accepted != 0 || rep.Duplicate != 5 || rep.Rejected != 5 {
			t.Fatalf("re-sent batch: %v", statuses(rep))
		}
		if got := day(t, e, dev.Subject, d); got != before || records(t, e, dev.Subject) != 3 || len(chunkOf(t, e, dev.Subject, base)) != 2 {
			t.Fatalf("re-sending changed the data: %+v, was %+v", got, before)
		}
		more := []json.RawMessage{hr("hr-2", base.Add(2*time.Minute), 70), hr("hr-4", base.Add(4*time.Minute), 90), steps("st-2", base.Add(time.Hour), 1000)}
		rep, err = in.Sync(ctx, dev, "127.0.0.1", more)
		if err != nil {
			t.Fatal(err)
		}
		if got := statuses(rep); !slices.Equal(got, []string{"duplicate:", "accepted:", "accepted:"}) {
			t.Fatalf("overlapping batch: %v", got)
		}
		if got := day(t, e, dev.Subject, d); got != (summaryView{5000, 4, 75}) {
			t.Fatalf("day after overlap %+v", got)
		}
	})
}

// A denied batch and a malformed one store nothing, with clear codes.
func TestSyncRefusals(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		in := New(e.Vault, e.Clock)
		dev := participant(t, e)
		unconsented := Device{ID: "dev_x", Subject: newSubject(t, e)}
		big := make([]json.RawMessage, MaxBatch+1)
		for i := range big {
			big[i] = hr("hr", base, 60)
		}
		cases := []struct {
			name         string
			dev          Device
			batch        []json.RawMessage
			code, reason string
		}{
			{"no consent", unconsented, mixed(), errs.Forbidden, "consent_missing"},
			{"empty", dev, nil, errs.Invalid, "empty_batch"},
			{"too large", dev, big, errs.Invalid, "batch_too_large"},
			{"no device", Device{}, mixed(), errs.Forbidden, ""},
		}
		for _, c := range cases {
			_, err := in.Sync(ctx, c.dev, "127.0.0.1", c.batch)
			var got *errs.Error
			if !errorsAs(err, &got) || got.Code != c.code || got.Reason != c.reason {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		if records(t, e, dev.Subject)+records(t, e, unconsented.Subject) != 0 {
			t.Fatal("a refused batch stored records")
		}
	})
}

// A device writes for its own participant only: another's data is untouched.
func TestSyncWritesOnlyTheDevicesParticipant(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		in := New(e.Vault, e.Clock)
		a, b := participant(t, e), participant(t, e)
		if _, err := in.Sync(ctx, a, "127.0.0.1", mixed()); err != nil {
			t.Fatal(err)
		}
		if records(t, e, a.Subject) != 3 || records(t, e, b.Subject) != 0 {
			t.Fatal("records landed outside the device's participant")
		}
		// The same point IDs from b's device are b's own, not duplicates of a's.
		rep, err := in.Sync(ctx, b, "127.0.0.1", mixed())
		if err != nil || rep.Accepted != 4 {
			t.Fatalf("b's batch: %v, %v", rep, err)
		}
	})
}
