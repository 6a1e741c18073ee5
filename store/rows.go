package store

import (
	"context"

	"jikimi/errs"
)

// Scanner is a row to scan: *sql.Rows or *sql.Row.
type Scanner interface{ Scan(dest ...any) error }

// Collect runs query and scans each row it returns into a new T with scan,
// in order. A failure of the query or of a scan is errs.Internal with the
// message what (an error scan returns with an errs code keeps it). No rows
// is a nil slice.
func Collect[T any](ctx context.Context, q Querier, what string, scan func(s Scanner, t *T) error, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, errs.WrapIf(err, "%s", what)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var t T
		if err := scan(rows, &t); err != nil {
			return nil, errs.WrapIf(err, "%s", what)
		}
		out = append(out, t)
	}
	err = rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr // a statement that writes (DELETE ... RETURNING) may fail only here
	}
	if err != nil {
		return nil, errs.WrapIf(err, "%s", what)
	}
	return out, nil
}

// Column is Collect for a query of one column.
func Column[T any](ctx context.Context, q Querier, what, query string, args ...any) ([]T, error) {
	return Collect(ctx, q, what, func(s Scanner, t *T) error { return s.Scan(t) }, query, args...)
}
