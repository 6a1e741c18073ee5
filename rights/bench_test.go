package rights

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"jikimi/healthcare/ingest"
	"jikimi/healthcare/omh"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// BenchmarkAccessAnswer measures GET me/data (the access answer) and
// me/export?format=fhir for one participant with 2 years of data — a day
// summary a day, an hourly heart-rate chunk (60 samples) every hour, a
// self-report a week, a check-up a quarter, two consultations a month —
// against a baseline in the same run: reading the same rows with one plain
// SELECT, without the gate (no decision, no decryption, no log). With
// -others N, N other participants join over the same two years (each
// enrolled through the gate with their consents, an enrolment record and a
// day summary), so the participant's rows and log entries are a few among
// many, as in a service of that size. Run:
//
//	go test -run '^$' -bench BenchmarkAccessAnswer -benchtime 5x ./rights/ -args -others 100000
func BenchmarkAccessAnswer(b *testing.B) {
	for _, db := range []struct {
		name string
		open vaulttest.Opener
	}{{"sqlite", vaulttest.SQLite}, {"postgres", vaulttest.Postgres}} {
		b.Run(db.name, func(b *testing.B) {
			e := db.open(b, vaulttest.Config{Start: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)})
			s := newService(b, e)
			s.cfg.FHIR = map[string]FHIRExporter{healthcare: func(subject string, d *vault.Disclosure, _ []string, now time.Time) ([]byte, error) {
				return ingest.ExportFHIR(ingest.Patient{ID: subject}, d.Records, now)
			}}
			p, rows := twoYears(b, e, *others)
			b.Logf("%d records of the participant, %d other participants", rows, *others)
			// Steady state: the log's subject index and latest checkpoint
			// as the daily run and the server's checkpoint loop leave them,
			// not the whole set-up's backlog paid by the first answer.
			if err := e.Log.IndexSubjects(ctx); err != nil {
				b.Fatal(err)
			}
			if _, err := e.Log.Checkpoint(ctx); err != nil {
				b.Fatal(err)
			}
			b.Run("baseline-select", func(b *testing.B) {
				for b.Loop() {
					if n := plainRead(b, e, p.ID); n != rows {
						b.Fatalf("read %d rows, want %d", n, rows)
					}
				}
			})
			b.Run("me-data", func(b *testing.B) {
				for b.Loop() {
					a, err := s.MyData(ctx, p, healthcare)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := json.Marshal(a); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("export-fhir", func(b *testing.B) {
				for b.Loop() {
					if err := s.Export(ctx, httptest.NewRecorder(), p, healthcare, "fhir", nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// plainRead reads the subject's rows as stored, without the gate: the
// baseline, so plain database/sql, not store.Collect.
func plainRead(b *testing.B, e *vaulttest.Env, subject string) int {
	rows, err := e.SQL().Reader().QueryContext(ctx, `SELECT id, subject_id, purpose, rule, case_id, sealed, created_at, updated_at, due_at FROM pd_records WHERE subject_id = ?`, subject)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, sub, purpose, rule, caseID string
		var sealed []byte
		var created, updated int64
		var due *int64
		if err := rows.Scan(&id, &sub, &purpose, &rule, &caseID, &sealed, &created, &updated, &due); err != nil {
			b.Fatal(err)
		}
		n++
	}
	return n
}

// others is how many other participants BenchmarkAccessAnswer's database
// holds besides the one whose answer it measures.
var others = flag.Int("others", 0, "BenchmarkAccessAnswer's other participants in the database")

// importOthers has the other participants arrive through the gate's Import,
// a day's at once (one transaction, their log entries one batch), instead
// of each on their own: a set-up of minutes on PostgreSQL instead of most of
// an hour, which leaves the participant's own entries in log batches of
// their own (a busy service's group commits would mix them with others').
var importOthers = flag.Bool("import", false, "BenchmarkAccessAnswer's other participants arrive by Import")

// twoYears stores a participant's 2 years, a day at a time as the app
// syncs (one gated write per day), with the clock moving along; others
// other participants join in even shares day by day.
func twoYears(b *testing.B, e *vaulttest.Env, others int) (vault.Actor, int) {
	b.Helper()
	p := participant(b, e)
	dev := vault.Actor{Kind: vault.Device, ID: "dev_bench", Source: "127.0.0.1"}
	put := func(actor vault.Actor, items []string, vals []map[string]string) {
		r := vault.Request{Actor: actor, Service: healthcare, Purpose: "health-service", Subject: p.ID, Items: items, Action: vault.Input}
		if _, err := e.Vault.PutMany(ctx, r, "service", vals); err != nil {
			b.Fatal(err)
		}
	}
	rows := 2 // the participant's enrolment and first health record
	start := e.Clock.Now()
	for d := range 730 {
		day := start.AddDate(0, 0, d)
		e.Clock.Set(day.Add(23 * time.Hour))
		join := joinOthers
		if *importOthers {
			join = importDay
		}
		if err := join(e, others*d/730, others*(d+1)/730); err != nil {
			b.Fatal(err)
		}
		var hours []map[string]string
		for h := range 24 {
			hours = append(hours, map[string]string{"heart_rate": hourChunk(b, day.Add(time.Duration(h)*time.Hour))})
		}
		put(dev, []string{"heart_rate"}, hours[:24])
		put(dev, []string{"steps"}, []map[string]string{{"steps": fmt.Sprint(6000 + d%3000)}})
		rows += 25
		if d%7 == 0 {
			put(p, []string{"weight"}, []map[string]string{{"weight": `{"on":"` + day.Format(time.DateOnly) + `","source":"self","value":{"value":70.5,"unit":"kg"}}`}})
			rows++
		}
		if d%91 == 0 {
			put(p, []string{"hdl"}, []map[string]string{{"hdl": `{"on":"` + day.Format(time.DateOnly) + `","source":"checkup","value":[{"code":"2085-9","metric":"hdl_cholesterol","value":1.3,"unit":"mmol/L","at":"` + day.Format(time.RFC3339) + `"}]}`}})
			rows++
		}
		if d%15 == 0 {
			put(p, []string{"health_consultation"}, []map[string]string{{"health_consultation": `{"q":"가상 질문: 걷기 운동은 하루에 얼마나 할까요?","asked_at":1}`}})
			rows++
		}
	}
	return p, rows
}

// joinOthers enrols the other participants numbered from to to, each
// through the gate as participant does (the consents, an enrolment record,
// a day summary from the watch), sixteen at a time so that on PostgreSQL
// their commits share WAL flushes.
func joinOthers(e *vaulttest.Env, from, to int) error {
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
		next  = from
	)
	for range 16 {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := i >= to || first != nil
				mu.Unlock()
				if stop {
					return
				}
				if err := joinOther(e, i); err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return first
}

// importDay registers the other participants numbered from to to in one
// Import, each as otherArrival describes them.
func importDay(e *vaulttest.Env, from, to int) error {
	if from >= to {
		return nil
	}
	var page []vault.Arrival
	for i := from; i < to; i++ {
		page = append(page, otherArrival(i))
	}
	_, err := e.Vault.Import(context.Background(), vault.Request{Actor: benchSystem, Service: healthcare}, page)
	return err
}

// joinOther has other participant i join through the gate on their own:
// registered, then consenting, then their records stored, the day summary
// by their watch.
func joinOther(e *vaulttest.Env, i int) error {
	ctx := context.Background()
	a := otherArrival(i)
	id, err := e.Vault.NewSubject(ctx, vault.Request{Actor: benchSystem, Service: healthcare})
	if err != nil {
		return err
	}
	self := vault.Actor{Kind: vault.Subject, ID: id, Source: "127.0.0.1"}
	for _, c := range a.Consents {
		if _, err := e.Vault.Give(ctx, vault.Request{Actor: self, Service: healthcare, Subject: id}, c); err != nil {
			return err
		}
	}
	for _, rec := range a.Records {
		actor := self
		if rec.Purpose == "health-service" {
			actor = vault.Actor{Kind: vault.Device, ID: "dev_bench", Source: "127.0.0.1"}
		}
		r := vault.Request{Actor: actor, Service: healthcare, Purpose: rec.Purpose, Subject: id, Action: vault.Input}
		if _, err := e.Vault.Put(ctx, r, rec.Rule, rec.Values); err != nil {
			return err
		}
	}
	return nil
}

// otherArrival is what other participant i gives and has stored, however
// they arrive: the consents, an enrolment record and a day summary.
func otherArrival(i int) vault.Arrival {
	a := vault.Arrival{Records: []vault.Arriving{
		{Purpose: "enrolment", Rule: "enrolment", Values: map[string]string{"name": fmt.Sprintf("김가상%d", i), "birth_date": "1950-01-01", "mobile": "010-0000-0000"}},
		{Purpose: "health-service", Rule: "service", Values: map[string]string{"steps": fmt.Sprint(4000 + i%8000)}},
	}}
	for _, s := range healthConsents {
		a.Consents = append(a.Consents, vault.Consent{Scope: s, Channel: vault.ChannelWeb, Text: "테스트 동의: " + s})
	}
	return a
}

// benchSystem is the system job that registers the other participants.
var benchSystem = vault.Actor{Kind: vault.System, ID: "bench", Source: "127.0.0.1"}

// hourChunk is an hour record's heart-rate item as sync stores it.
func hourChunk(b *testing.B, hour time.Time) string {
	samples := make([]omh.Sample, 60)
	for i := range samples {
		samples[i] = omh.Sample{At: hour.Add(time.Duration(i) * time.Minute), BPM: 60 + float64(i%20)}
	}
	c, err := omh.MergeChunk(omh.Chunk{Hour: hour}, samples)
	if err != nil {
		b.Fatal(err)
	}
	v, _ := json.Marshal(map[string]any{"chunk": c.Data, "hour": hour.Unix()})
	return string(v)
}
