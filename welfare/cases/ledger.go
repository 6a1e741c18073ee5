package cases

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Case kinds.
const (
	kindApplication = "application"
	kindHelp        = "help"
	kindFraud       = "fraud"
)

// Case is the opaque part of a case: its step and outcome, never an item.
type Case struct {
	ID      string    `json:"id"`
	Kind    string    `json:"kind"`
	Subject string    `json:"-"`
	State   string    `json:"state"`
	Outcome string    `json:"outcome,omitempty"`
	Service string    `json:"service,omitempty"` // the catalogue service applied for
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

const caseColumns = `id, kind, subject_id, state, outcome, service, created_at, updated_at`

// insertCase adds a case's row in the caller's transaction.
func insertCase(ctx context.Context, tx store.Querier, c Case) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO bokjiro_cases (id, kind, subject_id, state, outcome, service, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.Kind, c.Subject, c.State, c.Outcome, c.Service, c.Created.UnixMicro(), c.Updated.UnixMicro())
	return errs.WrapIf(err, "cases: record a case")
}

// move changes a case's state from one of from to to, in the caller's
// transaction; a case no longer in from (changed meanwhile) is a conflict.
func move(ctx context.Context, tx store.Querier, id string, at time.Time, to, outcome string, from ...string) error {
	q := `UPDATE bokjiro_cases SET state = ?, outcome = ?, updated_at = ?, recheck_at = NULL WHERE id = ? AND state IN (` + marks(len(from)) + `)`
	args := append([]any{to, outcome, at.UnixMicro(), id}, anys(from)...)
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return errs.WrapIf(err, "cases: change a case's state")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("state_changed", "the case is no longer %v", from)
	}
	return nil
}

func marks(n int) string {
	s := "?"
	for range n - 1 {
		s += ", ?"
	}
	return s
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// getCase reads a case of a kind; a missing one is not_found.
func getCase(ctx context.Context, q store.Querier, kind, id string) (Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM bokjiro_cases WHERE id = ? AND kind = ?`, id, kind))
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, errs.E(errs.NotFound, "not found")
	}
	return c, errs.WrapIf(err, "cases: read a case")
}

// listCases reads the cases of a kind matching where (after "kind = ?").
func listCases(ctx context.Context, q store.Querier, kind, where string, args ...any) ([]Case, error) {
	return selectCases(ctx, q, `WHERE kind = ? AND `+where+` ORDER BY created_at, id`, append([]any{kind}, args...)...)
}

// selectCases reads the cases a query's tail (after FROM) selects.
func selectCases(ctx context.Context, q store.Querier, tail string, args ...any) ([]Case, error) {
	return store.Collect(ctx, q, "cases: list cases", func(s store.Scanner, c *Case) (err error) {
		*c, err = scanCase(s)
		return err
	}, `SELECT `+caseColumns+` FROM bokjiro_cases `+tail, args...)
}

func scanCase(s store.Scanner) (Case, error) {
	var c Case
	var created, updated int64
	err := s.Scan(&c.ID, &c.Kind, &c.Subject, &c.State, &c.Outcome, &c.Service, &created, &updated)
	c.Created, c.Updated = time.UnixMicro(created).UTC(), time.UnixMicro(updated).UTC()
	return c, err
}
