package vault

import (
	"runtime"

	"context"
	"sync"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/store"
)

// logGroup commits the access-log entries of concurrent gated reads
// together (group commit). A reader that finds no commit running leads: it
// takes every entry queued so far, its own included, and appends them in
// one transaction. Entries queued meanwhile wait for the next commit, led by
// the first of them, so no reader leads more than one commit. Each reader
// returns only once the transaction holding its entry has committed, or
// with that transaction's error.
type logGroup struct {
	sql store.SQL
	log AccessLog

	mu    sync.Mutex
	queue []*queued
	busy  bool // a commit is running or about to
}

type queued struct {
	entry audit.Prepared
	turn  chan turn // one lead, then one outcome; or just the outcome
}

type turn struct {
	lead bool  // this reader leads the next commit
	err  error // the outcome of the commit that held its entry
}

// append commits e with whatever else is queued, and reports the outcome.
// The reader prepares its own entry first, so the commit does only what
// must be done in turn, and an invalid entry fails its own read alone.
// It does not give up when ctx ends: a reader asked to lead must lead, or
// the readers behind it would wait forever; a commit is bounded by the
// database's own timeouts.
func (g *logGroup) append(ctx context.Context, e audit.Entry) error {
	p, err := g.log.Prepare(e)
	if err != nil {
		return err
	}
	q := &queued{entry: p, turn: make(chan turn, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, q)
	lead := !g.busy
	g.busy = true
	g.mu.Unlock()
	if lead {
		g.commit(ctx)
	}
	t := <-q.turn
	if t.lead {
		g.commit(ctx)
		t = <-q.turn
	}
	return t.err
}

// commit appends every queued entry in one transaction, tells their readers
// the outcome and hands the lead to the first reader queued since. Should
// the log panic, the readers not yet told are failed and the lead handed
// on before the panic goes on, so the gate never stalls.
func (g *logGroup) commit(ctx context.Context) {
	runtime.Gosched() // let readers that are ready join this commit rather than wait for the next
	g.mu.Lock()
	batch := g.queue
	g.queue = nil
	g.mu.Unlock()
	told := 0
	defer func() {
		for _, q := range batch[told:] {
			q.turn <- turn{err: errs.E(errs.Internal, "vault: the access log failed")}
		}
		g.handOn()
	}()
	ctx = context.WithoutCancel(ctx) // the others' entries must not fail with the leader's request
	entries := make([]audit.Prepared, len(batch))
	for i, q := range batch {
		entries[i] = q.entry
	}
	err := g.write(ctx, entries...)
	for _, q := range batch {
		q.turn <- turn{err: err}
		told++
	}
}

// handOn gives the lead to the first reader queued, or ends the group's
// work when none is.
func (g *logGroup) handOn() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		g.busy = false
		return
	}
	g.queue[0].turn <- turn{lead: true}
}

func (g *logGroup) write(ctx context.Context, entries ...audit.Prepared) error {
	return g.sql.InTx(ctx, func(tx store.Querier) error { return g.log.AppendPrepared(ctx, tx, entries...) })
}

// queued is how many entries wait for a commit.
func (g *logGroup) queued() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.queue)
}
