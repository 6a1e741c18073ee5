package pointsvc

import (
	"context"
	"strings"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/store"
)

// write stores accruals in one transaction: their entries, the balances and
// the yearly totals, each capped by what its participant already has in its
// year. Accruals already stored (by a run alongside) are skipped. It
// returns how many it wrote and the points they granted.
func (s *Service) write(ctx context.Context, acc []points.Accrual) (n int, total int64, err error) {
	if len(acc) == 0 {
		return 0, 0, nil
	}
	err = s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		fresh, err := s.unstored(ctx, tx, acc)
		if err != nil {
			return err
		}
		ytd, err := yearTotals(ctx, tx, fresh)
		if err != nil {
			return err
		}
		b := newBatch(s.cfg.Clock.Now().UnixMicro())
		for _, a := range fresh {
			k := yearKey{a.Participant, a.Year()}
			a = s.cfg.Rules.Cap(a, int(ytd[k]))
			ytd[k] += int64(a.Points)
			b.add(a)
		}
		n, total = len(fresh), b.total
		return b.flush(ctx, tx)
	})
	if err != nil {
		return 0, 0, errs.Wrap(errs.Internal, err, "points: writing accruals")
	}
	return n, total, nil
}

// unstored drops the accruals whose key is already in the ledger.
func (s *Service) unstored(ctx context.Context, tx store.Querier, acc []points.Accrual) ([]points.Accrual, error) {
	keys := make([]any, len(acc))
	for i, a := range acc {
		keys[i] = a.Key()
	}
	have, err := column(ctx, tx, `SELECT entry_key FROM hc_points_entries WHERE entry_key IN (`+marks(len(keys))+`)`, keys...)
	if err != nil {
		return nil, err
	}
	out := acc[:0:0]
	for _, a := range acc {
		if !have[a.Key()] {
			out = append(out, a)
		}
	}
	return out, nil
}

// accrued returns which of subjects have an accrual of kind for day.
func (s *Service) accrued(ctx context.Context, q store.Querier, kind points.Kind, day measure.Date, subjects []string) (map[string]bool, error) {
	if len(subjects) == 0 {
		return nil, nil
	}
	keys := make([]any, len(subjects))
	for i, sub := range subjects {
		keys[i] = points.Accrual{Participant: sub, Kind: kind, Day: day}.Key()
	}
	have, err := column(ctx, q, `SELECT entry_key FROM hc_points_entries WHERE entry_key IN (`+marks(len(keys))+`)`, keys...)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "points: reading the ledger")
	}
	out := make(map[string]bool, len(have))
	for i, sub := range subjects {
		if have[keys[i].(string)] {
			out[sub] = true
		}
	}
	return out, nil
}

type yearKey struct {
	subject string
	year    int
}

// yearTotals reads what each accrual's participant has in its year.
func yearTotals(ctx context.Context, tx store.Querier, acc []points.Accrual) (map[yearKey]int64, error) {
	out := map[yearKey]int64{}
	if len(acc) == 0 {
		return out, nil
	}
	args := make([]any, len(acc))
	for i, a := range acc {
		args[i] = a.Participant
	}
	err := store.Each(ctx, tx, "points: reading the years", func(s store.Scanner) error {
		var k yearKey
		var v int64
		err := s.Scan(&k.subject, &k.year, &v)
		out[k] = v
		return err
	}, `SELECT subject, year, earned FROM hc_points_years WHERE subject IN (`+marks(len(args))+`)`, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// column reads a one-column result into a set.
func column(ctx context.Context, q store.Querier, query string, args ...any) (map[string]bool, error) {
	vs, err := store.Column[string](ctx, q, "points: reading the ledger", query, args...)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, v := range vs {
		out[v] = true
	}
	return out, nil
}

func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
