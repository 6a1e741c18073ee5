package vault

import "context"

// read runs one gated read without a write transaction of its own: it
// decides on the subject's cached facts, runs fn through the reader when
// allowed, and hands the data out only once the access-log entry is
// committed, in one transaction with concurrent readers' entries (group
// commit). So a read is logged before its data leaves the gate, and a log
// that cannot be written lets nothing out. A failure of fn, like a missing
// record, is returned unlogged, as in do. A read with work of its own
// (Request.Then) needs a transaction, and runs in one as do.
func (v *Vault) read(ctx context.Context, r Request, fn func(t *txn) (count int, err error)) error {
	if r.Then != nil {
		return v.do(ctx, r, fn)
	}
	if err := validate(r); err != nil {
		return err
	}
	t := &txn{tx: v.cfg.SQL.Reader(), fresh: map[string][]byte{}}
	f, err := v.cachedFacts(ctx, t.tx, r.Subject)
	denied := v.decideOn(t, r, f, err)
	n := 0
	if denied == nil {
		if n, err = fn(t); err != nil {
			return err
		}
	}
	if err := v.group.append(ctx, v.entry(r, denied, n)); err != nil {
		return err
	}
	return denied
}
