package audit

import (
	"errors"
	"testing"
	"time"
)

// Between gives the entries of its range only, in log order, also from
// batches that span its edges, whoever they are about; an error from fn
// stops it. On SQLite and PostgreSQL.
func TestBetween(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		from := time.Date(2027, 1, 1, 0, 0, 0, 0, Seoul)
		to := from.AddDate(1, 0, 0)
		at := func(i int, when time.Time) Entry {
			x := sample(i)
			x.Time = when
			return x
		}
		e.append(t, at(0, from.Add(-time.Minute)), at(1, from)) // a batch over the start
		e.append(t, at(2, from.Add(time.Hour)), at(3, to.Add(-time.Microsecond)), at(4, to))
		e.append(t, at(5, to.Add(time.Hour)))
		var got []string
		if err := e.log.Between(ctx, from, to, func(x Entry) error { got = append(got, x.Subject); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0] != "s_1" || got[1] != "s_2" || got[2] != "s_3" {
			t.Fatalf("entries in the range: %v, want s_1, s_2, s_3", got)
		}
		stop := errors.New("stop")
		n := 0
		err := e.log.Between(ctx, from, to, func(Entry) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Fatalf("after fn's error: %d calls, %v", n, err)
		}
	})
}
