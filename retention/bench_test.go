package retention

import (
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"jikimi/store"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// benchRecords is how many due records BenchmarkDestroyDue destroys:
// JIKIMI_BENCH_RECORDS, or a million.
func benchRecords(b *testing.B) int {
	if s := os.Getenv("JIKIMI_BENCH_RECORDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1000 {
			b.Fatalf("JIKIMI_BENCH_RECORDS=%q: want a number of at least 1000", s)
		}
		return n / 1000 * 1000
	}
	return 1_000_000
}

// benchBudget is JIKIMI_BENCH_BUDGET (a duration), or the default.
func benchBudget(b *testing.B) time.Duration {
	s := os.Getenv("JIKIMI_BENCH_BUDGET")
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		b.Fatalf("JIKIMI_BENCH_BUDGET=%q: %v", s, err)
	}
	return d
}

// BenchmarkDestroyDue destroys N due records through the whole run (plan,
// approval, chunked gated destruction with destruction records and access
// log, purge) while a writer stores a record every 5 ms, against a plain
// chunked DELETE of as many rows of the same shape measured in the same
// run, and reports the writer's waits beside its waits with nothing else
// running. Target on SQLite: 1,000,000 records in ≤ 60 s, no write waiting
// more than 50 ms. Run with -benchtime=1x.
func BenchmarkDestroyDue(b *testing.B) {
	for _, d := range []struct {
		name string
		open vaulttest.Opener
	}{{"sqlite", vaulttest.SQLite}, {"postgres", vaulttest.Postgres}} {
		b.Run(d.name, func(b *testing.B) {
			n := benchRecords(b)
			for b.Loop() {
				b.StopTimer()
				chunks, txs := &chunkTimes{}, &txClock{}
				f := newFixture(b, d.open(b, vaulttest.Config{}), func(c *Config) {
					c.Chunk, c.Budget, c.Log, c.Wall = DefaultChunk, benchBudget(b), slog.New(chunks), txs
				})
				ids := f.seedDue(b, n)
				plain := f.plainDelete(b, ids)
				idle := f.idleWrites(b)
				b.StartTimer()
				planned, gated, writes := f.destroyWhileWriting(b)
				waits := sortedWaits(writes)
				b.ReportMetric(planned.Seconds(), "s-plan")
				b.ReportMetric(gated.Seconds(), "s-gated")
				b.ReportMetric(plain.Seconds(), "s-plain")
				b.ReportMetric(gated.Seconds()/plain.Seconds(), "x-plain")
				b.ReportMetric(float64(n)/gated.Seconds(), "records/s")
				b.ReportMetric(ms(waits[len(waits)-1]), "ms-max-write")
				b.ReportMetric(ms(waits[len(waits)*99/100]), "ms-p99-write")
				// Where the longest waits fell: planning, the chunks, and
				// what follows the last chunk (the purge of freed pages).
				for phase, w := range phases(writes, planned, chunks.last()) {
					b.ReportMetric(ms(w), "ms-max-write-"+phase)
				}
				b.ReportMetric(ms(txs.longest()), "ms-max-chunk-tx")
				b.ReportMetric(ms(idle[len(idle)-1]), "ms-max-write-idle")
				b.ReportMetric(ms(idle[len(idle)*99/100]), "ms-p99-write-idle")
			}
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// seedDue stores n look-ups of 나의 복지서비스 (due at once), 100 per subject.
func (f *fixture) seedDue(b *testing.B, n int) []string {
	values := make([]map[string]string, 100)
	for i := range values {
		values[i] = map[string]string{"pension_paid": "0", "pension_months": strconv.Itoa(i)}
	}
	ids := make([]string, 0, n)
	for len(ids) < n {
		r := vault.Request{Actor: sysActor, Service: bokjiro, Purpose: "my-welfare", Subject: f.subject(b), Action: vault.Input}
		got, err := f.Vault.PutMany(ctx, r, "my-welfare", values)
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, got...)
	}
	return ids
}

// plainDelete is the baseline: as many rows of the records' shape, in a
// table with the records' indexes, deleted by ID in transactions of
// DefaultChunk, with nothing else done.
func (f *fixture) plainDelete(b *testing.B, ids []string) time.Duration {
	blob := make([]byte, 72) // a sealed record of two short items
	rand.Read(blob)
	bytes := map[string]string{store.SQLite: "BLOB", store.Postgres: "BYTEA"}[f.SQL().Dialect()]
	err := f.SQL().InTx(ctx, func(tx store.Querier) error {
		for _, q := range []string{
			`CREATE TABLE bench_plain (id TEXT PRIMARY KEY, subject_id TEXT NOT NULL, service TEXT NOT NULL, purpose TEXT NOT NULL, rule TEXT NOT NULL,
				items TEXT NOT NULL, sealed ` + bytes + ` NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, due_at BIGINT)`,
			`CREATE INDEX bench_plain_subject ON bench_plain (subject_id, purpose)`,
			`CREATE INDEX bench_plain_due ON bench_plain (service, due_at, id) WHERE due_at IS NOT NULL`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for i, chunk := range slices.Collect(slices.Chunk(ids, DefaultChunk)) {
		f.plainInsert(b, chunk, func(j int, id string) []any {
			subject := "sub_" + strconv.Itoa((i*DefaultChunk+j)/100)
			return []any{id, subject, bokjiro, "my-welfare", "my-welfare", "pension_months,pension_paid", blob, 1, 1, 1}
		})
	}
	start := time.Now()
	for chunk := range slices.Chunk(ids, DefaultChunk) {
		err := f.SQL().InTx(ctx, func(tx store.Querier) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM bench_plain WHERE id IN (`+marks(len(chunk))+`)`, anys(chunk)...)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

func (f *fixture) plainInsert(b *testing.B, ids []string, row func(int, string) []any) {
	err := f.SQL().InTx(ctx, func(tx store.Querier) error {
		for k, part := range slices.Collect(slices.Chunk(ids, 500)) {
			var args []any
			for j, id := range part {
				args = append(args, row(k*500+j, id)...)
			}
			rows := strings.TrimSuffix(strings.Repeat("("+marks(10)+"), ", len(part)), ", ")
			_, err := tx.ExecContext(ctx, `INSERT INTO bench_plain (id, subject_id, service, purpose, rule, items, sealed, created_at, updated_at, due_at) VALUES `+rows, args...)
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

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// idleWrites is the baseline of the writes' waits: the same writer for two
// seconds with nothing else running.
func (f *fixture) idleWrites(b *testing.B) []time.Duration {
	stop := f.writeEvery(b, 5*time.Millisecond)
	time.Sleep(2 * time.Second)
	return sortedWaits(stop())
}

func sortedWaits(writes []write) []time.Duration {
	out := make([]time.Duration, len(writes))
	for i, w := range writes {
		out[i] = w.took
	}
	slices.Sort(out)
	return out
}

// phases is the longest wait of the writes begun while planning, while
// destroying chunks (up to the last chunk's log line), and after.
func phases(writes []write, planned time.Duration, lastChunk time.Time) map[string]time.Duration {
	out := map[string]time.Duration{"plan": 0, "chunks": 0, "purge": 0}
	start := writes[0].at // the writer starts with the run
	for _, w := range writes {
		phase := "chunks"
		switch {
		case w.at.Sub(start) < planned:
			phase = "plan"
		case !lastChunk.IsZero() && w.at.After(lastChunk):
			phase = "purge"
		}
		out[phase] = max(out[phase], w.took)
	}
	return out
}

// txClock is the runner's wall clock, keeping the longest of its planning
// and destruction transactions (the pacer reads it before and after each).
type txClock struct {
	mu    sync.Mutex
	start time.Time
	max   time.Duration
}

func (c *txClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.start.IsZero() {
		c.start = now
	} else {
		c.max, c.start = max(c.max, now.Sub(c.start)), time.Time{}
	}
	return now
}

func (c *txClock) longest() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.max
}

// chunkTimes is a log handler that keeps when the runner last logged a
// committed chunk.
type chunkTimes struct {
	mu sync.Mutex
	at time.Time
}

func (c *chunkTimes) Enabled(context.Context, slog.Level) bool { return true }
func (c *chunkTimes) WithAttrs([]slog.Attr) slog.Handler       { return c }
func (c *chunkTimes) WithGroup(string) slog.Handler            { return c }

func (c *chunkTimes) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "retention: chunk committed" {
		c.mu.Lock()
		c.at = time.Now()
		c.mu.Unlock()
	}
	return nil
}

func (c *chunkTimes) last() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

// destroyWhileWriting runs the day's destruction (plan, approval,
// execution) while another writer stores a record every 5 ms, and returns
// how long planning and the whole took and every write.
func (f *fixture) destroyWhileWriting(b *testing.B) (time.Duration, time.Duration, []write) {
	stop := f.writeEvery(b, 5*time.Millisecond)
	start := time.Now()
	res, err := f.r.Run(ctx, f.Clock.Now())
	if err != nil || len(res.Planned) != 1 {
		b.Fatalf("run = %+v, %v", res, err)
	}
	planned := time.Since(start)
	if _, err := f.r.Approve(ctx, res.Planned[0].ID, "stf_officer1"); err != nil {
		b.Fatal(err)
	}
	done, err := f.r.Execute(ctx, res.Planned[0].ID)
	took := time.Since(start)
	if err != nil || done.Destroyed != res.Planned[0].Items {
		b.Fatalf("execute = %+v, %v", done, err)
	}
	return planned, took, stop()
}

// write is one of writeEvery's stores: when it began and how long it took.
type write struct {
	at   time.Time
	took time.Duration
}

// writeEvery stores one gated record every period until stopped, and
// returns how long each store took.
func (f *fixture) writeEvery(b *testing.B, period time.Duration) (stop func() []write) {
	subject := f.subject(b)
	r := appReq(caseworker, subject, vault.Input)
	var mu sync.Mutex
	var took []write
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(period)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
			}
			start := time.Now()
			if _, err := f.Vault.Put(ctx, r, "details", map[string]string{"name": "SYNTHETIC"}); err != nil {
				b.Error(err)
				return
			}
			mu.Lock()
			took = append(took, write{start, time.Since(start)})
			mu.Unlock()
		}
	}()
	return func() []write {
		close(quit)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return took
	}
}
