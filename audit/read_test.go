package audit

import (
	"testing"

	"jikimi/errs"
)

func TestEntriesAndLast(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		if _, err := e.log.Last(ctx); errs.Code(err) != errs.NotFound {
			t.Fatalf("Last of an empty log: %v", err)
		}
		e.append(t, samples(5)...)
		es, err := e.log.Entries(ctx, 2, 4)
		if err != nil || len(es) != 3 || es[0].Seq != 2 || es[2].Subject != "s_3" {
			t.Fatalf("Entries(2, 4) = %+v, %v", es, err)
		}
		last, err := e.log.Last(ctx)
		if err != nil || last.Seq != 5 || last.Subject != "s_4" || last.Action != View || len(last.Items) != 2 {
			t.Fatalf("Last = %+v, %v", last, err)
		}
		if _, err := e.log.Entries(ctx, 3, 2); errs.Code(err) != errs.Invalid {
			t.Fatalf("Entries(3, 2): %v", err)
		}
	})
}

// A batch row that does not scan is an error, never the end of the log: a
// reader that stopped there would answer a history cut short as whole.
func TestEntriesFailOnARowThatDoesNotScan(t *testing.T) {
	e := newEnv(t, openSQLite) // PostgreSQL's typed columns cannot hold the bad value
	e.append(t, samples(2)...)
	e.append(t, samples(3)...)
	e.exec(t, `UPDATE audit_batches SET n = 'x' WHERE seq = 3`)
	es, err := e.log.Entries(ctx, 1, 5)
	if errs.Code(err) != errs.Internal {
		t.Fatalf("Entries over a batch that does not scan = %d entries, %v; want an internal error", len(es), err)
	}
}
