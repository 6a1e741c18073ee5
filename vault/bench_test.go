package vault

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/keys"
	"jikimi/store"
	"jikimi/store/postgres"
	"jikimi/store/postgres/pgtest"
	"jikimi/store/sqlite"
)

// benchDrivers runs fn on a fresh vault per database. The baselines are
// measured in the same run, on the same database, so ratios survive noise.
func benchDrivers(b *testing.B, fn func(b *testing.B, e *env)) {
	b.Run("sqlite", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "j.db")
		fn(b, benchEnv(b, path, func(clk clock.Clock) (store.Store, error) {
			return sqlite.Open(context.Background(), sqlite.Config{Path: path, Clock: clk})
		}))
	})
	b.Run("postgres", func(b *testing.B) {
		dsn := pgtest.NewDatabase(b)
		fn(b, benchEnv(b, "", func(clk clock.Clock) (store.Store, error) {
			return postgres.Open(context.Background(), postgres.Config{DSN: dsn, Clock: clk})
		}))
	})
}

const batchSize = 1000

func batch(n int) []map[string]string {
	out := make([]map[string]string, n)
	for i := range out {
		out[i] = map[string]string{"steps": strconv.Itoa(8000 + i), "heart_rate": strconv.Itoa(60 + i%40)}
	}
	return out
}

func plainTable(b *testing.B, e *env) {
	err := e.st.SQL().InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE bench_plain (id TEXT PRIMARY KEY, subject_id TEXT NOT NULL, service TEXT NOT NULL, purpose TEXT NOT NULL,
			rule TEXT NOT NULL, items TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, due_at BIGINT)`)
		if err != nil {
			return err
		}
		// The same indexes as pd_records, so the baseline stores the same rows the same way.
		if _, err = tx.ExecContext(ctx, `CREATE INDEX bench_plain_subject ON bench_plain (subject_id, purpose)`); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `CREATE INDEX bench_plain_due ON bench_plain (service, due_at, id) WHERE due_at IS NOT NULL`)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkBatchWrite: encrypted, gated, logged batches against plain
// batched inserts of the same rows (target: gated ≥ 0.6× plain).
func BenchmarkBatchWrite(b *testing.B) {
	benchDrivers(b, func(b *testing.B, e *env) {
		subject := e.benchSubject(b)
		plainTable(b, e)
		rows := batch(batchSize)
		n := 0 // row IDs stay unique across the framework's repeated calls
		b.Run("plain", func(b *testing.B) {
			for b.Loop() {
				err := e.st.SQL().InTx(ctx, func(tx store.Querier) error {
					for _, r := range rows {
						n++
						body, _ := json.Marshal(r)
						_, err := tx.ExecContext(ctx, `INSERT INTO bench_plain (id, subject_id, service, purpose, rule, items, body, created_at, updated_at, due_at)
							VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, randomID(n), subject, seoulSvc, "health-service", "service", "heart_rate,steps", string(body), 1, 1, 2)
						if err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batchSize)/b.Elapsed().Seconds(), "records/s")
		})
		b.Run("gated", func(b *testing.B) {
			dev := Actor{Kind: Device, ID: "dev_bench", Source: "127.0.0.1"}
			for b.Loop() {
				if _, err := e.v.PutMany(ctx, healthReq(dev, subject, Input), "service", rows); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batchSize)/b.Elapsed().Seconds(), "records/s")
		})
	})
}

// BenchmarkPointRead: a gated, logged Get against reading and opening the
// same sealed row without the gate (target: gated ≥ 0.5× ungated), one
// reader at a time and readParallelism readers per core at once, the two
// interleaved round by round; the parallel gated readers' log entries share
// commits (group commit). The reads go round pointSubjects subjects'
// pointRecords records each, so concurrent reads ask for different records
// of different subjects, as a service's users do.
func BenchmarkPointRead(b *testing.B) {
	benchDrivers(b, func(b *testing.B, e *env) {
		type target struct {
			subject, id string
			key         []byte
		}
		var targets []target
		for range pointSubjects {
			subject := e.benchSubject(b)
			for i := range pointRecords {
				id, err := e.v.Put(ctx, healthReq(self(subject), subject, Input), "service", map[string]string{"weight": strconv.Itoa(60 + i), "height": "170"})
				if err != nil {
					b.Fatal(err)
				}
				k, _ := e.v.keys.get(keyName(subject, "health-service"))
				targets = append(targets, target{subject, id, k})
			}
		}
		// Spread the targets so that consecutive reads go to different subjects.
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(targets), func(i, j int) { targets[i], targets[j] = targets[j], targets[i] })
		ungated := func(i int) error {
			x := targets[i%len(targets)]
			var sealed []byte
			if err := e.st.SQL().Reader().QueryRowContext(ctx, `SELECT sealed FROM pd_records WHERE id = ?`, x.id).Scan(&sealed); err != nil {
				return err
			}
			plain, err := keys.Open(x.key, sealed, recordAAD(x.id, x.subject, "health-service"))
			if err != nil {
				return err
			}
			var m map[string]string
			return json.Unmarshal(plain, &m)
		}
		gated := func(i int) error {
			x := targets[i%len(targets)]
			_, err := e.v.Get(ctx, healthReq(operator, x.subject, View, "weight"), x.id)
			return err
		}
		b.Run("sequential", func(b *testing.B) { compareReads(b, 1, 100, ungated, gated) })
		b.Run("parallel", func(b *testing.B) {
			compareReads(b, readParallelism*runtime.GOMAXPROCS(0), 2000, ungated, gated)
		})
	})
}

// pointSubjects and pointRecords size BenchmarkPointRead's data: more
// subjects than the readers, so a group commit's reads are of many subjects.
const (
	pointSubjects = 64
	pointRecords  = 16
)

// compareReads times, in each round, ops ungated reads and then ops gated
// ones, each spread over readers goroutines, so both are measured under the
// same load; it reports both rates and gated ÷ ungated.
func compareReads(b *testing.B, readers, ops int, ungated, gated func(i int) error) {
	var plain, logged time.Duration
	for b.Loop() {
		plain += timeReads(b, readers, ops, ungated)
		logged += timeReads(b, readers, ops, gated)
	}
	n := float64(b.N * ops)
	b.ReportMetric(n/plain.Seconds(), "ungated-reads/s")
	b.ReportMetric(n/logged.Seconds(), "gated-reads/s")
	b.ReportMetric(plain.Seconds()/logged.Seconds(), "gated/ungated")
}

// timeReads runs read(0), read(1), ... read(ops-1) over readers goroutines.
func timeReads(b *testing.B, readers, ops int, read func(i int) error) time.Duration {
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range readers {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(ops); i = next.Add(1) {
				if err := read(int(i)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}

// readParallelism is how many readers per core the parallel point reads run.
const readParallelism = 16

// BenchmarkShredSubject reports the p99 time to shred one subject's purpose
// holding 100 records, caches included (target ≤ 1 s).
func BenchmarkShredSubject(b *testing.B) {
	benchDrivers(b, func(b *testing.B, e *env) {
		var took []time.Duration
		rows := batch(100)
		for b.Loop() {
			b.StopTimer()
			subject := e.benchSubject(b)
			if _, err := e.v.PutMany(ctx, healthReq(self(subject), subject, Input), "service", rows); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start := time.Now()
			if _, err := e.v.Shred(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "health-service", Subject: subject}); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(start))
		}
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	})
}

func benchEnv(b *testing.B, path string, open func(clock.Clock) (store.Store, error)) *env {
	return newEnv(b, path, open)
}

func (e *env) benchSubject(b *testing.B) string {
	id, err := e.v.NewSubject(ctx, Request{Actor: sysActor, Service: seoulSvc})
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []string{"purpose:health-service", "sensitive:health-service"} {
		if _, err := e.v.Give(ctx, Request{Actor: self(id), Service: seoulSvc, Subject: id}, Consent{Scope: s, Channel: ChannelWeb, Text: fmt.Sprint("동의 ", s)}); err != nil {
			b.Fatal(err)
		}
	}
	return id
}

// randomID spreads baseline keys over the index as the vault's random IDs do.
func randomID(n int) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(n)))
	return "rec_" + hex.EncodeToString(sum[:13])
}
