package audit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"jikimi/store"
)

// Benchmarks (not run by go test without -bench); results and the exact
// command are in docs/benchmarks.md. Besides wall-clock rates they report
// rates per CPU-second of the process, which a busy machine skews less.
const benchBatch = 1000

// stopwatch adds up wall-clock and CPU time over the timed parts of a benchmark.
type stopwatch struct {
	wall, cpu, cpu0 time.Duration
	t0              time.Time
}

func (s *stopwatch) begin() { s.t0, s.cpu0 = time.Now(), cpuTime() }

func (s *stopwatch) end() {
	s.wall += time.Since(s.t0)
	s.cpu += cpuTime() - s.cpu0
}

func (s *stopwatch) report(b *testing.B, n float64, unit string) {
	b.ReportMetric(n/s.wall.Seconds(), unit+"/s")
	if s.cpu > 0 {
		b.ReportMetric(n/s.cpu.Seconds(), unit+"/cpu-s")
	}
}

// BenchmarkAppend appends batches of 1,000 entries, each in its own
// transaction, and in the same run inserts the same rows with the same
// multi-row INSERTs into a table of the same shape, without hashing or
// chaining: the baseline. It reports both rates and the log's rate as a
// fraction of the baseline's.
func BenchmarkAppend(b *testing.B) {
	for _, db := range databases {
		b.Run(db.name, func(b *testing.B) {
			e := newEnv(b, db.open)
			createPlain(b, e)
			batch := samples(benchBatch)
			var log, plain stopwatch
			seq := int64(0)
			for b.Loop() {
				log.begin()
				e.append(b, batch...)
				log.end()
				plain.begin()
				seq = insertPlain(b, e, seq, batch)
				plain.end()
			}
			n := float64(b.N * benchBatch)
			log.report(b, n, "log-entries")
			plain.report(b, n, "plain-entries")
			b.ReportMetric(plain.wall.Seconds()/log.wall.Seconds(), "log/plain")
		})
	}
}

// createPlain makes bench_plain, audit_entries' twin: same columns, key and index.
func createPlain(b *testing.B, e *env) {
	blob, key := "BLOB", "INTEGER PRIMARY KEY"
	if e.sql.Dialect() == store.Postgres {
		blob, key = "BYTEA", "BIGINT PRIMARY KEY"
	}
	e.exec(b, fmt.Sprintf(`CREATE TABLE bench_plain (seq %s, at BIGINT NOT NULL, entry %s NOT NULL,
		prev %s NOT NULL, hash %s NOT NULL)`, key, blob, blob, blob))
	e.exec(b, `CREATE INDEX bench_plain_at ON bench_plain (at)`)
}

// insertPlain inserts batch after seq as the log would, minus validation,
// the chain head and hashing (prev and hash are a fixed value).
func insertPlain(b *testing.B, e *env, seq int64, batch []Entry) int64 {
	q := strings.Replace(insertSQL(len(batch)), "audit_entries", "bench_plain", 1)
	fixed := make([]byte, 32)
	err := e.sql.InTx(ctx, func(tx store.Querier) error {
		args := make([]any, 0, len(batch)*nColumns)
		now := e.clk.Now()
		for _, x := range batch {
			x.Time = now
			seq++
			args = append(args, seq, now.UnixMicro(), encode(nil, &x), fixed, fixed)
		}
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return seq
}

// BenchmarkVerify verifies a log of 200,000 entries checkpointed every
// 1,024, and reports entries verified per second.
func BenchmarkVerify(b *testing.B) {
	const size = 200_000
	for _, db := range databases {
		b.Run(db.name, func(b *testing.B) {
			e := newEnv(b, db.open)
			batch := samples(CheckpointEvery)
			for n := 0; n < size; n += len(batch) {
				e.append(b, batch...)
				e.checkpoint(b)
			}
			n := e.count(b, `SELECT MAX(seq) FROM audit_entries`)
			var s stopwatch
			for b.Loop() {
				s.begin()
				e.mustVerify(b)
				s.end()
			}
			s.report(b, float64(b.N)*float64(n), "entries")
		})
	}
}
