package audit

import (
	"bytes"
	"context"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// RetentionYears is the shortest time Prune keeps an entry: the declared
// policies keep access logs two years (Safety Measures Standard 8(1): two
// years where sensitive or unique-identifier data is processed).
const RetentionYears = 2

// pruneChunk bounds how many entries one read of Prune streams.
const pruneChunk = 10_000

// Prune deletes the entries recorded before before: only a whole prefix of
// the log, and only as far as the latest checkpoint. It keeps an anchor (the
// last pruned entry's hash and the compact range of the pruned prefix), so
// Verify still checks the chain and every later checkpoint's root. It
// refuses a before later than RetentionYears ago (errs.Invalid) and a prefix
// whose chain does not verify (errs.Internal), writing nothing. It returns
// how many entries it deleted.
func (l *Log) Prune(ctx context.Context, before time.Time) (int64, error) {
	if limit := l.clk.Now().AddDate(-RetentionYears, 0, 0); before.After(limit) {
		return 0, errs.E(errs.Invalid, "audit: access-log entries are kept %d years; prune before %s at the latest", RetentionYears, limit.Format(time.DateOnly))
	}
	var n int64
	err := l.sql.InTx(ctx, func(tx store.Querier) (err error) {
		n, err = l.prune(ctx, tx, before.UnixMicro())
		return err
	})
	return n, err
}

func (l *Log) prune(ctx context.Context, tx store.Querier, before int64) (int64, error) {
	a, err := readPrefix(ctx, tx, anchorPrefix, l.forUpdate())
	if err != nil {
		return 0, err
	}
	cp, err := latestCheckpoint(ctx, tx)
	if err != nil || cp == nil {
		return 0, err
	}
	old := a.size
	if err := advanceAnchor(ctx, tx, a, cp.Size, before); err != nil || a.size == old {
		return 0, err
	}
	if err := deletePrefix(ctx, tx, a.size); err != nil {
		return 0, err
	}
	return a.size - old, a.write(ctx, tx)
}

// deletePrefix deletes entries 1..cut. A batch that straddles cut is
// stored again as its entries after cut, their bytes unchanged.
func deletePrefix(ctx context.Context, tx store.Querier, cut int64) error {
	tail, err := straddling(ctx, tx, cut)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM audit_batches WHERE seq <= ?`, cut); err != nil {
		return errs.Wrap(errs.Internal, err, "audit: delete pruned entries")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM audit_subjects WHERE seq <= ?`, cut); err != nil {
		return errs.Wrap(errs.Internal, err, "audit: delete pruned entries' index")
	}
	if tail == nil {
		return nil
	}
	return tail.insert(ctx, tx)
}

// straddling is the part after cut of the batch holding entries on both
// sides of it; nil when cut ends a batch.
func straddling(ctx context.Context, tx store.Querier, cut int64) (*packed, error) {
	s, err := scanEntries(ctx, tx, cut, cut+maxBatch)
	if err != nil {
		return nil, err
	}
	p := &packed{first: cut + 1}
	for s.next() && s.b.seq <= cut {
		if p.n == 0 {
			p.prev = bytes.Clone(s.r.prev)
		}
		p.entries = append(p.entries, s.r.entry...)
		p.hashes = append(p.hashes, s.r.hash...)
		p.bound(s.r.at, p.n == 0)
		p.n++
	}
	if err := s.close(); err != nil || p.n == 0 {
		return nil, err
	}
	return p, nil
}

// advanceAnchor moves a over the entries after it recorded before before,
// up to upTo, checking their chain and folding them into its range.
func advanceAnchor(ctx context.Context, tx store.Querier, a *prefix, upTo, before int64) error {
	c := a.chain()
	for reached := false; !reached && c.next <= upTo; {
		end := min(c.next-1+pruneChunk, upTo)
		var f fault
		var err error
		if reached, f, err = walkOlder(ctx, tx, c, end, before); err != nil {
			return err
		}
		if f == sound && !reached && c.next <= end {
			f = gap
		}
		if f != sound {
			return errs.E(errs.Internal, "audit: entry %d %s; refusing to prune (run jikimi audit verify)", c.next, f)
		}
	}
	a.extend(c)
	return nil
}

// walkOlder adds the entries up to end recorded before before to c; reached
// says it met one recorded at or after before.
func walkOlder(ctx context.Context, tx store.Querier, c *chain, end, before int64) (reached bool, f fault, err error) {
	s, err := scanEntries(ctx, tx, c.next-1, end)
	if err != nil {
		return false, sound, err
	}
	for f == sound && s.next() {
		if reached = s.r.at >= before; reached {
			break
		}
		f = c.add(&s.r)
	}
	return reached, f, s.close()
}
