package audit

import (
	"fmt"
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
// transaction, and in the same run, interleaved batch by batch, stores the
// same entries without validation, hashing, chaining or the chain head in
// two baselines: "rows", one row an entry with one multi-row INSERT (the
// log's former layout, bench_rows), and "blob", the batch's encodings as one
// row (the log's packed layout, bench_blob). It reports the three rates and
// the log's against each baseline's. A fourth timing, "signed", appends
// the same batch to a second log on a second database and signs a
// checkpoint after it (integrating the entries into the Merkle tree,
// indexing them by subject, checking the latest checkpoint and the
// published one): what the log costs when every entry is also checkpointed.
func BenchmarkAppend(b *testing.B) {
	for _, db := range databases {
		b.Run(db.name, func(b *testing.B) {
			e := newEnv(b, db.open)
			createBaselines(b, e)
			s := newEnv(b, db.open) // a second database, so the checkpoints cover this log's entries alone
			if err := s.log.Configure(Options{State: b.TempDir() + "/published"}); err != nil {
				b.Fatal(err)
			}
			batch := samples(benchBatch)
			var log, rows, blob, signed stopwatch
			seq := int64(0)
			for b.Loop() {
				log.begin()
				e.append(b, batch...)
				log.end()
				signed.begin()
				appendAndSign(b, s, batch)
				signed.end()
				rows.begin()
				insertRows(b, e, seq, batch)
				rows.end()
				blob.begin()
				insertBlob(b, e, seq, batch)
				blob.end()
				seq += int64(len(batch))
			}
			n := float64(b.N * benchBatch)
			log.report(b, n, "log-entries")
			signed.report(b, n, "signed-entries")
			rows.report(b, n, "rows-entries")
			blob.report(b, n, "blob-entries")
			b.ReportMetric(rows.wall.Seconds()/log.wall.Seconds(), "log/rows")
			b.ReportMetric(blob.wall.Seconds()/log.wall.Seconds(), "log/blob")
			b.ReportMetric(blob.wall.Seconds()/signed.wall.Seconds(), "signed/blob")
		})
	}
}

// appendAndSign appends batch in its own transaction and signs a
// checkpoint of it.
func appendAndSign(b *testing.B, e *env, batch []Entry) {
	e.append(b, batch...)
	if _, err := e.log.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
}

// createBaselines makes bench_rows, the former audit_entries' twin, and
// bench_blob, audit_batches' twin: same columns, keys and indexes.
func createBaselines(b *testing.B, e *env) {
	blob, key := "BLOB", "INTEGER PRIMARY KEY"
	if e.sql.Dialect() == store.Postgres {
		blob, key = "BYTEA", "BIGINT PRIMARY KEY"
	}
	e.exec(b, fmt.Sprintf(`CREATE TABLE bench_rows (seq %s, at BIGINT NOT NULL, entry %s NOT NULL,
		prev %s NOT NULL, hash %s NOT NULL)`, key, blob, blob, blob))
	e.exec(b, `CREATE INDEX bench_rows_at ON bench_rows (at)`)
	e.exec(b, fmt.Sprintf(`CREATE TABLE bench_blob (seq %s, n INTEGER NOT NULL, at_min BIGINT NOT NULL, at_max BIGINT NOT NULL,
		prev %s NOT NULL, hashes %s NOT NULL, entries %s NOT NULL)`, key, blob, blob, blob))
	e.exec(b, `CREATE INDEX bench_blob_at ON bench_blob (at_max)`)
}

// insertRows inserts batch after seq one row an entry, in one statement
// (prev and hash are a fixed value).
func insertRows(b *testing.B, e *env, seq int64, batch []Entry) {
	q := "INSERT INTO bench_rows (seq, at, entry, prev, hash) VALUES " + placeholders(len(batch), 5)
	fixed := make([]byte, 32)
	e.benchTx(b, func(tx store.Querier) error {
		args := make([]any, 0, len(batch)*5)
		now := e.clk.Now().UnixMicro()
		for i, x := range batch {
			x.Time = e.clk.Now()
			args = append(args, seq+int64(i)+1, now, encode(nil, &x), fixed, fixed)
		}
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
}

// insertBlob inserts batch after seq as one row of encodings (the hashes
// are a fixed value).
func insertBlob(b *testing.B, e *env, seq int64, batch []Entry) {
	e.benchTx(b, func(tx store.Querier) error {
		var encs []byte
		for _, x := range batch {
			x.Time = e.clk.Now()
			encs = encode(encs, &x)
		}
		now := e.clk.Now().UnixMicro()
		_, err := tx.ExecContext(ctx, `INSERT INTO bench_blob (seq, n, at_min, at_max, prev, hashes, entries) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			seq+1, len(batch), now, now, make([]byte, 32), make([]byte, 32*len(batch)), encs)
		return err
	})
}

func (e *env) benchTx(b *testing.B, fn func(tx store.Querier) error) {
	if err := e.sql.InTx(ctx, fn); err != nil {
		b.Fatal(err)
	}
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
			n := e.entries(b)
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

// BenchmarkSubjectIndex builds a log of 200,704 entries of 1,024 subjects,
// plus one person with an entry in every 20th batch (10 entries), and
// reports, in the same run: "index", IndexSubjects over all of it from
// scratch (the daily run's work, in entries indexed per second), and the
// person's entries read with OfSubject through the index ("lookup") and by
// reading the whole log as OfSubject did before the index ("scan").
func BenchmarkSubjectIndex(b *testing.B) {
	const size = 200_000
	for _, db := range databases {
		b.Run(db.name, func(b *testing.B) {
			e := newEnv(b, db.open)
			batch := samples(CheckpointEvery)
			for i := 0; i*len(batch) < size; i++ {
				if i%20 == 0 {
					batch[0].Subject = "s_person"
				}
				e.append(b, batch...)
				batch[0].Subject = "s_0"
			}
			n := e.entries(b)
			var index, lookup, scan stopwatch
			for b.Loop() {
				e.exec(b, `DELETE FROM audit_subjects`)
				e.exec(b, `UPDATE audit_subjects_indexed SET upto = 0`)
				index.begin()
				if err := e.log.IndexSubjects(ctx); err != nil {
					b.Fatal(err)
				}
				index.end()
				lookup.begin()
				found := e.ofSubject(b, "s_person")
				lookup.end()
				scan.begin()
				scanned := scanSubject(b, e, "s_person")
				scan.end()
				if len(found) != scanned || scanned == 0 {
					b.Fatalf("found %d, scanned %d", len(found), scanned)
				}
			}
			index.report(b, float64(b.N)*float64(n), "indexed-entries")
			b.ReportMetric(lookup.wall.Seconds()*1000/float64(b.N), "lookup-ms")
			b.ReportMetric(scan.wall.Seconds()*1000/float64(b.N), "scan-ms")
			b.ReportMetric(scan.wall.Seconds()/lookup.wall.Seconds(), "scan/lookup")
		})
	}
}

// scanSubject counts subject's entries by reading the whole log.
func scanSubject(b *testing.B, e *env, subject string) int {
	s, err := scanEntries(ctx, e.sql.Reader(), 0, 1<<62)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for s.next() {
		if string(encodedSubject(s.r.entry)) == subject {
			n++
		}
	}
	if err := s.close(); err != nil {
		b.Fatal(err)
	}
	return n
}
