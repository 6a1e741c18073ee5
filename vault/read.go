package vault

import "context"

// read runs one gated read without a write transaction of its own: it
// decides on the subject's cached facts, runs fn through the reader when
// allowed (Get instead fetches its record in the log's commit: readOne),
// and hands the data out only once the access-log entry is committed, in
// one transaction with concurrent readers' entries (group commit). So a read is logged before its data leaves the gate, and a log
// that cannot be written lets nothing out. A failure of fn, like a missing
// record, is returned unlogged, as in do. A read with work of its own
// (Request.Then) needs a transaction, and runs in one as do.
func (v *Vault) read(ctx context.Context, r Request, fn func(t *txn) (count int, err error)) error {
	if r.Then != nil {
		return v.do(ctx, r, fn)
	}
	v.group.active.Add(1)
	defer v.group.active.Add(-1)
	t, denied, err := v.decideRead(ctx, r)
	if err != nil {
		return err
	}
	n := 0
	if denied == nil {
		if n, err = fn(t); err != nil {
			return err
		}
	}
	if err := v.group.append(ctx, v.entry(r, denied, n), nil); err != nil {
		return err
	}
	return denied
}

// readOne is read for one record (Get): the record is fetched in the
// transaction that commits the read's log entry (see wanted), and opened
// once that has committed. A record that does not exist, or not for the
// request's subject and purpose, is "not found" and, as in read, unlogged.
func (v *Vault) readOne(ctx context.Context, r Request, id string) (*loaded, error) {
	v.group.active.Add(1)
	defer v.group.active.Add(-1)
	t, denied, err := v.decideRead(ctx, r)
	if err != nil {
		return nil, err
	}
	var want *wanted
	n := 0
	if denied == nil {
		want, n = &wanted{id: id, subject: r.Subject, purpose: r.Purpose}, 1
	}
	if err := v.group.append(ctx, v.entry(r, denied, n), want); err != nil {
		return nil, err
	}
	if denied != nil {
		return nil, denied
	}
	if want.row == nil {
		return nil, notFound()
	}
	return v.open(ctx, t, want.row)
}

// decideRead validates a read and decides it on the subject's cached facts;
// denied is the gate's refusal, err a malformed request.
func (v *Vault) decideRead(ctx context.Context, r Request) (t *txn, denied, err error) {
	if err := v.admit(&r); err != nil {
		return nil, nil, err
	}
	t = &txn{tx: v.reader} // no fresh keys: a read creates none
	f, err := v.cachedFacts(ctx, t.tx, r.Subject)
	return t, v.decideOn(t, r, f, err), nil
}
