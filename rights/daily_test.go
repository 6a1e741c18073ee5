package rights

import (
	"strings"
	"testing"

	"jikimi/store"
	"jikimi/vault/vaulttest"
)

// The daily run drops old notices by rights_notices_created, not by
// reading every notice (one per subject of each service a year): the
// delete's plan names the index (on PostgreSQL with sequential scans
// priced out, as a filled table would price them; its planner reads an
// empty one whole).
func TestDailyDropsOldNoticesByIndex(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		var plan []string
		err := e.SQL().InTx(ctx, func(tx store.Querier) error {
			explain := `EXPLAIN QUERY PLAN `
			if e.SQL().Dialect() != store.SQLite {
				explain = `EXPLAIN `
				if _, err := tx.ExecContext(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
					return err
				}
			}
			rows, err := tx.QueryContext(ctx, explain+dropOldNotices, int64(0))
			if err != nil {
				return err
			}
			defer rows.Close()
			cols, err := rows.Columns()
			if err != nil {
				return err
			}
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					return err
				}
				for _, v := range vals {
					switch v := v.(type) {
					case string:
						plan = append(plan, v)
					case []byte:
						plan = append(plan, string(v))
					}
				}
			}
			return rows.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(plan, "\n"); !strings.Contains(text, "rights_notices_created") {
			t.Fatalf("the daily delete's plan does not use rights_notices_created:\n%s", text)
		}
	})
}
