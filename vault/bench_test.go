package vault

import (
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jikimi/keys"
	"jikimi/store"
	"jikimi/store/postgres/pgtest"
)

// benchDrivers runs fn on a fresh vault per database. The baselines are
// measured in the same run, on the same database, so ratios survive noise.
func benchDrivers(b *testing.B, fn func(b *testing.B, e *env)) {
	b.Run("sqlite", func(b *testing.B) {
		fn(b, newEnv(b, database{path: filepath.Join(b.TempDir(), "j.db")}))
	})
	b.Run("postgres", func(b *testing.B) {
		fn(b, newEnv(b, database{dsn: pgtest.NewDatabase(b)}))
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
		// pd_records' columns and indexes, the values as plain JSON.
		_, err := tx.ExecContext(ctx, `CREATE TABLE bench_plain (id TEXT PRIMARY KEY, subject_id TEXT NOT NULL, service TEXT NOT NULL, purpose TEXT NOT NULL,
			rule TEXT NOT NULL, items TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, due_at BIGINT,
			case_id TEXT NOT NULL DEFAULT '', keep_for TEXT NOT NULL DEFAULT '')`)
		if err != nil {
			return err
		}
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

// plainBatch stores rows in bench_plain the fastest plain way both databases
// share: one transaction, multi-row INSERTs of insertChunk rows, IDs drawn
// the way the vault draws them.
func plainBatch(e *env, subject string, rows []map[string]string) error {
	return e.st.SQL().InTx(ctx, func(tx store.Querier) error {
		for chunk := range slices.Chunk(rows, insertChunk) {
			args := make([]any, 0, len(chunk)*12)
			for _, r := range chunk {
				id, err := e.v.newRecordID()
				if err != nil {
					return err
				}
				body, _ := json.Marshal(r)
				args = append(args, id, subject, seoulSvc, "health-service", "service", joinItems(slices.Sorted(maps.Keys(r))), string(body), 1, 1, 2, "", "")
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO bench_plain (id, subject_id, service, purpose, rule, items, body, created_at, updated_at, due_at, case_id, keep_for) VALUES `+
				strings.Repeat(`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), `, len(chunk)-1)+`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkBatchWrite: encrypted, gated, logged batches of batchSize records
// against the same rows stored plain by multi-row INSERTs (target: gated ≥
// 0.6× plain). Each round writes one plain batch and one gated batch, in
// turns, so both run under the same load; durability is the database's own on both
// sides (SQLite WAL with synchronous=NORMAL, PostgreSQL fsync and
// synchronous_commit on).
func BenchmarkBatchWrite(b *testing.B) {
	benchDrivers(b, func(b *testing.B, e *env) {
		subject := e.benchSubject(b)
		plainTable(b, e)
		rows := batch(batchSize)
		dev := Actor{Kind: Device, ID: "dev_bench", Source: "127.0.0.1"}
		var plain, gated time.Duration
		round := 0
		for b.Loop() {
			// Either goes first in alternate rounds: a checkpoint or a
			// flush one leaves behind falls on both alike.
			for i := range 2 {
				start := time.Now()
				if (round+i)%2 == 0 {
					if err := plainBatch(e, subject, rows); err != nil {
						b.Fatal(err)
					}
					plain += time.Since(start)
					continue
				}
				if _, err := e.v.PutMany(ctx, healthReq(dev, subject, Input), "service", rows); err != nil {
					b.Fatal(err)
				}
				gated += time.Since(start)
			}
			round++
		}
		n := float64(b.N * batchSize)
		b.ReportMetric(n/plain.Seconds(), "plain-records/s")
		b.ReportMetric(n/gated.Seconds(), "gated-records/s")
		b.ReportMetric(plain.Seconds()/gated.Seconds(), "gated/plain")
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
		records := max(1, pointSubjects*pointRecords / *pointSubjectsFlag)
		// Set-up: the subjects arrive with their consents and records
		// through the gate's import, a page of subjects a transaction.
		for from := 0; from < *pointSubjectsFlag; from += importPage {
			var page []Arrival
			for range min(importPage, *pointSubjectsFlag-from) {
				a := Arrival{}
				for _, sc := range []string{"purpose:health-service", "sensitive:health-service"} {
					a.Consents = append(a.Consents, Consent{Scope: sc, Channel: ChannelWeb, Text: "동의 " + sc})
				}
				for i := range records {
					a.Records = append(a.Records, Arriving{Purpose: "health-service", Rule: "service",
						Values: map[string]string{"weight": strconv.Itoa(60 + i), "height": "170"}})
				}
				page = append(page, a)
			}
			if _, err := e.v.Import(ctx, Request{Actor: sysActor, Service: seoulSvc}, page); err != nil {
				b.Fatal(err)
			}
		}
		err := store.Each(ctx, e.st.SQL().Reader(), "bench: targets", func(s store.Scanner) error {
			var x target
			if err := s.Scan(&x.subject, &x.id); err != nil {
				return err
			}
			targets = append(targets, x)
			return nil
		}, `SELECT subject_id, id FROM pd_records WHERE purpose = 'health-service' ORDER BY id`)
		if err != nil || len(targets) != records**pointSubjectsFlag {
			b.Fatalf("%d targets, want %d: %v", len(targets), records**pointSubjectsFlag, err)
		}
		for i := range targets { // the ungated side's keys, unwrapped once
			t := &txn{tx: e.st.SQL().Reader(), fresh: map[string][]byte{}}
			if targets[i].key, err = e.v.dataKey(ctx, t, targets[i].subject, "health-service", false); err != nil {
				b.Fatal(err)
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
		// Steady state: every record read once each way before the timing
		// (each subject's facts and key cached, the pages read), as in a
		// service whose caches hold its active subjects.
		readers := readParallelism * runtime.GOMAXPROCS(0)
		timeReads(b, readers, len(targets), ungated)
		timeReads(b, readers, len(targets), gated)
		before := e.v.CacheStats()
		b.Run("sequential", func(b *testing.B) { compareReads(b, 1, 100, ungated, gated) })
		b.Run("parallel", func(b *testing.B) { compareReads(b, readers, 2000, ungated, gated) })
		after := e.v.CacheStats()
		b.Logf("%d subjects, %d records; timed gated reads: fact cache %d hits, %d misses; key cache %d hits, %d misses",
			*pointSubjectsFlag, len(targets), after.FactHits-before.FactHits, after.FactMisses-before.FactMisses,
			after.KeyHits-before.KeyHits, after.KeyMisses-before.KeyMisses)
	})
}

// pointSubjectsFlag sets how many distinct subjects BenchmarkPointRead reads
// (each holding pointSubjects×pointRecords÷that records, at least one), for
// a run at a realistic count: go test -bench PointRead -pointsubjects 10000.
var pointSubjectsFlag = flag.Int("pointsubjects", pointSubjects, "BenchmarkPointRead's distinct subjects")

// importPage is how many subjects one Import of the set-up registers.
const importPage = 500

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
