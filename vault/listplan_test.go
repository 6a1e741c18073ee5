package vault

import (
	"strconv"
	"strings"
	"testing"

	"jikimi/store"
	"jikimi/store/postgres/pgtest"
)

// On a freshly loaded PostgreSQL table that was never analysed, a
// subject's records for a purpose come back in one query that walks the
// subject's index, not the table: the plan does not wait for ANALYZE.
func TestListPlanOnAFreshTable(t *testing.T) {
	e := newEnv(t, database{dsn: pgtest.NewDatabase(t)})
	err := e.st.SQL().InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `ALTER TABLE pd_records SET (autovacuum_enabled = false)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for range 8 {
		s, _ := e.weighed(t)
		subjects = append(subjects, s)
		values := make([]map[string]string, 1500)
		for i := range values {
			values[i] = map[string]string{"steps": strconv.Itoa(i)}
		}
		if _, err := e.v.PutMany(ctx, healthReq(self(s), s, Input), "service", values); err != nil {
			t.Fatal(err)
		}
	}
	var analysed bool
	err = e.st.SQL().Reader().QueryRowContext(ctx, `SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'pd_records'`).Scan(&analysed)
	if err != nil || analysed {
		t.Fatalf("pd_records analysed %v, %v: the test needs a table never analysed", analysed, err)
	}
	plan, err := store.Column[string](ctx, e.st.SQL().Reader(), "explain", `EXPLAIN `+listQuery, subjects[3], "health-service", "", "")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, "pd_records_subject") || strings.Contains(text, "Seq Scan") {
		t.Fatalf("the list query's plan on a fresh table:\n%s", text)
	}
	recs, err := e.v.List(ctx, healthReq(operator, subjects[3], View, "steps"))
	if err != nil || len(recs) != 1501 {
		t.Fatalf("List = %d records, %v", len(recs), err)
	}
	if last := e.lastEntry(t); last.Records != 1501 || last.Subject != subjects[3] {
		t.Fatalf("log entry %+v", last)
	}
}
