package pointsvc

import (
	"context"
	"strings"

	"jikimi/healthcare/points"
	"jikimi/store"
)

// batch gathers the rows of many accruals, so that a page of participants
// costs three multi-row statements instead of three per participant.
type batch struct {
	now      int64
	entries  [][]any
	balances map[string]int64
	years    map[yearKey]int64
	total    int64
}

func newBatch(now int64) *batch {
	return &batch{now: now, balances: map[string]int64{}, years: map[yearKey]int64{}}
}

func (b *batch) add(a points.Accrual) {
	b.entries = append(b.entries, []any{a.Participant, a.Key(), string(a.Kind), a.Day.String(), a.Rule, a.Earned, a.Points, b.now})
	b.balances[a.Participant] += int64(a.Points)
	b.years[yearKey{a.Participant, a.Year()}] += int64(a.Points)
	b.total += int64(a.Points)
}

// rowsPerStatement keeps every statement under SQLite's and PostgreSQL's
// limits on bound parameters.
const rowsPerStatement = 500

func (b *batch) flush(ctx context.Context, tx store.Querier) error {
	err := insertRows(ctx, tx, `INSERT INTO hc_points_entries (subject, entry_key, kind, day, rule, earned, points, created_at) VALUES `, b.entries, "")
	if err != nil {
		return err
	}
	var accounts, years [][]any
	for sub, p := range b.balances {
		accounts = append(accounts, []any{sub, p, b.now})
	}
	for k, p := range b.years {
		years = append(years, []any{k.subject, k.year, p})
	}
	err = insertRows(ctx, tx, `INSERT INTO hc_points_accounts (subject, balance, updated_at) VALUES `, accounts,
		` ON CONFLICT (subject) DO UPDATE SET balance = hc_points_accounts.balance + excluded.balance, updated_at = excluded.updated_at`)
	if err != nil {
		return err
	}
	return insertRows(ctx, tx, `INSERT INTO hc_points_years (subject, year, earned) VALUES `, years,
		` ON CONFLICT (subject, year) DO UPDATE SET earned = hc_points_years.earned + excluded.earned`)
}

// insertRows runs head VALUES (...), (...) tail in chunks.
func insertRows(ctx context.Context, tx store.Querier, head string, rows [][]any, tail string) error {
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), rowsPerStatement)]
		rows = rows[len(chunk):]
		tuple := "(" + marks(len(chunk[0])) + ")"
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		for _, r := range chunk {
			args = append(args, r...)
		}
		q := head + strings.TrimSuffix(strings.Repeat(tuple+",", len(chunk)), ",") + tail
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}
