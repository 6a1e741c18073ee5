package store

import (
	"context"
	"time"

	"jikimi/errs"
)

// Scanner is a row to scan: *sql.Rows or *sql.Row.
type Scanner interface{ Scan(dest ...any) error }

// Each runs query and hands each row it returns to fn, in order, stopping
// at fn's first error. A failure of the query, of reading the rows or of fn
// is errs.Internal with the message what (an error fn returns with an errs
// code keeps it).
func Each(ctx context.Context, q Querier, what string, fn func(s Scanner) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return errs.WrapIf(err, "%s", what)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return errs.WrapIf(err, "%s", what)
		}
	}
	err = rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr // a statement that writes (DELETE ... RETURNING) may fail only here
	}
	return errs.WrapIf(err, "%s", what)
}

// Collect runs query and scans each row it returns into a new T with scan,
// in order, failing as Each does with no partial result. No rows is a nil
// slice.
func Collect[T any](ctx context.Context, q Querier, what string, scan func(s Scanner, t *T) error, query string, args ...any) ([]T, error) {
	var out []T
	err := Each(ctx, q, what, func(s Scanner) error {
		var t T
		if err := scan(s, &t); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Column is Collect for a query of one column.
func Column[T any](ctx context.Context, q Querier, what, query string, args ...any) ([]T, error) {
	return Collect(ctx, q, what, func(s Scanner, t *T) error { return s.Scan(t) }, query, args...)
}

// DayTally is how many things there are, and how many of them began on
// each day (YYYY-MM-DD in the tally's zone) from a given instant on: counts
// for an operator's status screen.
type DayTally struct {
	Total  int
	PerDay map[string]int
}

// TallyDays runs query, whose one column is each thing's start in Unix
// microseconds, and tallies the starts by day in loc from since on.
func TallyDays(ctx context.Context, q Querier, what string, since time.Time, loc *time.Location, query string, args ...any) (DayTally, error) {
	t := DayTally{PerDay: map[string]int{}}
	err := Each(ctx, q, what, func(s Scanner) error {
		var us int64
		if err := s.Scan(&us); err != nil {
			return err
		}
		t.Total++
		if at := time.UnixMicro(us); !at.Before(since) {
			t.PerDay[at.In(loc).Format("2006-01-02")]++
		}
		return nil
	}, query, args...)
	return t, err
}
