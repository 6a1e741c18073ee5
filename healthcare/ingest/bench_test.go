package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/healthcare/measure"
	"jikimi/store"
	"jikimi/vault/vaulttest"
)

// benchPoints is one sync of a day: minute-level heart rate and hourly
// steps, 1,000 points.
const benchPoints = 1000

// benchStart leaves room for a new day per iteration before the clock.
var benchStart = time.Date(2026, 1, 1, 0, 0, 0, 0, measure.Seoul)

// dayBatch is the batch of day n after benchStart, with unique IDs.
func dayBatch(n int) []json.RawMessage {
	d := benchStart.AddDate(0, 0, n)
	out := make([]json.RawMessage, 0, benchPoints)
	for i := 0; len(out) < benchPoints; i++ {
		if i%25 == 0 {
			out = append(out, steps(fmt.Sprintf("st-%d-%d", n, i), d.Add(time.Duration(i)*time.Minute), 100+i))
			continue
		}
		out = append(out, hr(fmt.Sprintf("hr-%d-%d", n, i), d.Add(time.Duration(i)*time.Minute), float64(60+i%40)))
	}
	return out
}

// benchDrivers runs fn on SQLite and PostgreSQL with the clock past every
// batch's day.
func benchDrivers(b *testing.B, fn func(b *testing.B, e *vaulttest.Env)) {
	cfg := vaulttest.Config{Start: benchStart.AddDate(2, 0, 0)}
	b.Run("sqlite", func(b *testing.B) { fn(b, vaulttest.SQLite(b, cfg)) })
	b.Run("postgres", func(b *testing.B) { fn(b, vaulttest.Postgres(b, cfg)) })
}

// plainPoints is the baseline's table: a point per row, in clear, keyed by
// participant and point ID as an idempotent raw store would be.
func plainPoints(b *testing.B, e *vaulttest.Env) {
	err := e.SQL().InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE bench_points (subject_id TEXT NOT NULL, point_id TEXT NOT NULL, body TEXT NOT NULL,
			created_at BIGINT NOT NULL, PRIMARY KEY (subject_id, point_id))`)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}

// insertPlain stores the batch the fastest plain way both databases share:
// multi-row INSERTs of plainChunk points in one transaction.
func insertPlain(e *vaulttest.Env, subject string, n int, batch []json.RawMessage) error {
	return e.SQL().InTx(ctx, func(tx store.Querier) error {
		for c, chunk := range slices.Collect(slices.Chunk(batch, plainChunk)) {
			args := make([]any, 0, 4*len(chunk))
			for i, p := range chunk {
				args = append(args, subject, fmt.Sprintf("%d-%d", n, c*plainChunk+i), string(p), n)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO bench_points (subject_id, point_id, body, created_at) VALUES `+
				strings.Repeat(`(?, ?, ?, ?), `, len(chunk)-1)+`(?, ?, ?, ?)`, args...)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// plainChunk is how many points one plain INSERT stores.
const plainChunk = 500

// BenchmarkSync: a day's 1,000 points of one participant stored by Sync
// (service) and through POST /api/v1/healthcare/sync (http), against the
// same kind of points inserted raw in one transaction (plain), on the same
// database. The three alternate within every iteration, so that the
// machine's load falls on all of them alike; each reports its rate and the
// ratios to plain. Targets: service ≥ 0.6× plain, http ≥ 0.2× plain.
func BenchmarkSync(b *testing.B) {
	benchDrivers(b, func(b *testing.B, e *vaulttest.Env) {
		dev := participant(b, e)
		plainPoints(b, e)
		in := New(e.Vault, e.Clock)
		ts := serve(b, e, fakeDevices{"tok": dev})
		var plain, service, viaHTTP time.Duration
		day := 0
		for b.Loop() {
			day += 3
			plainBatch, serviceBatch := dayBatch(day), dayBatch(day+1)
			body, _ := json.Marshal(dayBatch(day + 2))
			plain += timed(b, func() error { return insertPlain(e, dev.Subject, day, plainBatch) })
			service += timed(b, func() error { return syncAll(in, dev, serviceBatch) })
			viaHTTP += timed(b, func() error { return postBench(ts.URL, body) })
		}
		n := float64(b.N * benchPoints)
		b.ReportMetric(n/plain.Seconds(), "plain-points/s")
		b.ReportMetric(n/service.Seconds(), "service-points/s")
		b.ReportMetric(n/viaHTTP.Seconds(), "http-points/s")
		b.ReportMetric(plain.Seconds()/service.Seconds(), "service/plain")
		b.ReportMetric(plain.Seconds()/viaHTTP.Seconds(), "http/plain")
	})
}

// timed runs fn and answers how long it took (the benchmark's own clock:
// a test may read the wall clock).
func timed(b *testing.B, fn func() error) time.Duration {
	start := clock.System{}.Now()
	if err := fn(); err != nil {
		b.Fatal(err)
	}
	return clock.System{}.Now().Sub(start)
}

func syncAll(in *Ingester, dev Device, batch []json.RawMessage) error {
	rep, err := in.Sync(ctx, dev, "127.0.0.1", batch)
	if err == nil && rep.Accepted != benchPoints {
		err = fmt.Errorf("%d accepted", rep.Accepted)
	}
	return err
}

func postBench(url string, body []byte) error {
	req, _ := http.NewRequest("POST", url+"/api/v1/healthcare/sync", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer tok")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	var rep Report
	json.NewDecoder(res.Body).Decode(&rep)
	res.Body.Close()
	if res.StatusCode != 200 || rep.Accepted != benchPoints {
		return fmt.Errorf("status %d, %d accepted", res.StatusCode, rep.Accepted)
	}
	return nil
}
