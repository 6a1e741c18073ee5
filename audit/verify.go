package audit

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Report is what Verify found. FirstBad is nil when the log verifies.
type Report struct {
	From, To    int64    // the entries checked, From..To; entries before From were pruned
	Checkpoints int      // checkpoints whose signature and root were checked
	Pruned      []int64  // sizes of checkpoints whose entries were pruned: signature checked, root not recomputable
	FirstBad    *Problem // the first thing wrong, in log order
}

// OK reports whether the whole log verified.
func (r *Report) OK() bool { return r.FirstBad == nil }

// Kind says what went wrong with the log.
type Kind string

// Kinds of problem.
const (
	Altered       Kind = "altered"        // an entry's fields no longer match its hash
	Removed       Kind = "removed"        // an entry is missing
	Inserted      Kind = "inserted"       // an entry that the chain does not link
	Reordered     Kind = "reordered"      // an entry stands where another should
	Rewritten     Kind = "rewritten"      // the chain holds, but a signed root does not match it
	BadCheckpoint Kind = "bad-checkpoint" // a checkpoint's signature or stored fields are wrong
	BadState      Kind = "bad-state"      // the checkpointer's stored tree state does not match the entries
	Gap           Kind = "checkpoint-gap" // a checkpoint names a previous one the table no longer holds
	Unsigned      Kind = "unsigned"       // entries older than UnsignedGrace are covered by no checkpoint
	RolledBack    Kind = "rolled-back"    // the log is not an extension of the trusted checkpoint
)

// Problem names the first entry (or, for a checkpoint, the tree size) found wrong.
type Problem struct {
	Seq    int64
	Kind   Kind
	Detail string
}

func (p *Problem) String() string { return fmt.Sprintf("entry %d: %s: %s", p.Seq, p.Kind, p.Detail) }

// Verify checks the whole log: every entry's hash and link, contiguous
// sequence numbers from the pruning anchor to the chain head, every
// checkpoint's signature by a key trusted when it was signed, its link to
// the checkpoint before it (none deleted), that its root equals the root
// recomputed from the entries, and that no entry older than UnsignedGrace
// is left unsigned. Tampering is reported in Report.FirstBad, not as an
// error; errors are for a database that cannot be read. It streams rows, so
// it runs in constant memory beside concurrent appenders.
func (l *Log) Verify(ctx context.Context) (Report, error) {
	return l.VerifyAgainst(ctx, nil)
}

// VerifyAgainst is Verify that also fails when the log is not an extension
// of trusted, a checkpoint the auditor kept (checked with the trusted keys
// by the caller; nil: none): its size must be in the log and the tree of
// that many entries must have its root.
func (l *Log) VerifyAgainst(ctx context.Context, trusted *Checkpoint) (Report, error) {
	if l.trust == nil {
		return Report{}, errs.E(errs.Invalid, "audit: no key to verify checkpoints with")
	}
	v, err := l.startVerify(ctx, trusted)
	if err != nil {
		return Report{}, err
	}
	defer v.cps.close()
	err = v.walk(ctx)
	if err == nil && v.rep.FirstBad == nil {
		err = v.finish(ctx)
	}
	v.rep.To = v.c.next - 1
	return v.rep, err
}

// verifier is the state of one Verify.
type verifier struct {
	l        *Log
	trusted  *Checkpoint // the auditor's checkpoint; nil: none
	now      time.Time
	q        store.Querier
	anchor   *prefix
	tree     *prefix
	head     position
	c        *chain
	cps      *cpScanner
	lastGood int64 // the size of the last checkpoint that matched
	lastCp   int64 // the size of the last checkpoint read, 0 before the first
	segment  int64 // entries per parallel read
	rep      Report
}

// startVerify reads the anchor, the tree state, the checkpoints and then the
// head, in that order, so everything read is covered by the head read last.
func (l *Log) startVerify(ctx context.Context, trusted *Checkpoint) (*verifier, error) {
	q := l.sql.Reader()
	v := &verifier{l: l, trusted: trusted, now: l.clk.Now(), q: q, segment: l.segment}
	var err error
	if v.anchor, err = readPrefix(ctx, q, anchorPrefix, ""); err != nil {
		return nil, err
	}
	if v.tree, err = readPrefix(ctx, q, treePrefix, ""); err != nil {
		return nil, err
	}
	if v.cps, err = scanCheckpoints(ctx, q); err != nil {
		return nil, err
	}
	if v.head, err = readHead(ctx, q); err != nil {
		v.cps.close()
		return nil, err
	}
	v.c = v.anchor.chain()
	v.rep.From, v.lastGood = v.anchor.size+1, v.anchor.size
	v.pastPruned()
	if v.rep.FirstBad == nil && trusted != nil && trusted.Size < v.anchor.size {
		v.trustedBeforeAnchor(ctx)
	}
	return v, nil
}

// trustedBeforeAnchor checks a trusted checkpoint whose entries were pruned
// against the anchor's tree with a consistency proof from the stored nodes.
func (v *verifier) trustedBeforeAnchor(ctx context.Context) {
	anchor := &Checkpoint{Size: v.anchor.size, Root: rootOf(v.anchor.rng)}
	if _, err := v.l.ProveConsistency(ctx, v.trusted, anchor); err != nil {
		v.rep.FirstBad = &Problem{v.trusted.Size, RolledBack, fmt.Sprintf(
			"the pruned log of %d entries does not extend the trusted checkpoint of %d: %v", v.anchor.size, v.trusted.Size, err)}
	}
}

// pastPruned checks the signatures of checkpoints at or below the anchor; the
// one at exactly the anchor's size is checked against the anchor's root too.
func (v *verifier) pastPruned() {
	for v.rep.FirstBad == nil && v.cps.ok && v.cps.size < v.anchor.size {
		if _, p := v.signed(); p != nil {
			v.rep.FirstBad = p
			return
		}
		v.rep.Pruned = append(v.rep.Pruned, v.cps.size)
		v.cps.advance()
	}
	v.passed(v.anchor.size)
	if v.tree.size < v.anchor.size && v.rep.FirstBad == nil {
		v.rep.FirstBad = &Problem{v.tree.size, BadState, "the checkpointer's tree is shorter than the pruned prefix"}
	}
}

// passed runs the checks due once entry seq is in the tree.
func (v *verifier) passed(seq int64) {
	if v.trusted != nil && seq == v.trusted.Size && v.rep.FirstBad == nil && !bytes.Equal(rootOf(v.c.tree), v.trusted.Root) {
		v.rep.FirstBad = &Problem{max(v.lastGood, 0) + 1, RolledBack, fmt.Sprintf(
			"the log's tree of %d entries is not the trusted checkpoint's: entries in %d..%d were rewritten", seq, v.lastGood+1, seq)}
		return
	}
	v.checkpointsAt(seq)
	if seq == v.tree.size {
		v.checkTreeState()
	}
}

func (v *verifier) checkTreeState() {
	ok := bytes.Equal(v.c.prev, v.tree.lastHash) && bytes.Equal(packHashes(v.c.tree.Hashes()), packHashes(v.tree.rng.Hashes()))
	if !ok && v.rep.FirstBad == nil {
		v.rep.FirstBad = &Problem{v.tree.size, BadState, "the checkpointer's stored tree state does not match the entries; the next checkpoint would be wrong"}
	}
}

// checkpointsAt checks every checkpoint of size seq against the tree so far.
func (v *verifier) checkpointsAt(seq int64) {
	for v.rep.FirstBad == nil && v.cps.ok && v.cps.size == seq {
		cp, p := v.signed()
		if p == nil && !bytes.Equal(cp.Root, rootOf(v.c.tree)) {
			p = &Problem{v.lastGood + 1, Rewritten, fmt.Sprintf(
				"checkpoint %d's signed root does not match entries 1..%d, though every link holds: an entry in %d..%d was changed and the chain rehashed",
				cp.Size, cp.Size, v.lastGood+1, cp.Size)}
		}
		if p != nil {
			v.rep.FirstBad = p
			return
		}
		v.rep.Checkpoints++
		v.lastGood = seq
		v.cps.advance()
	}
}

// signed verifies the current checkpoint's note, that its stored size
// matches it and that it links to the checkpoint read before it.
func (v *verifier) signed() (*Checkpoint, *Problem) {
	cp, err := v.l.trust.Checkpoint(v.cps.note)
	switch {
	case err != nil:
		return nil, &Problem{v.cps.size, BadCheckpoint, fmt.Sprintf("checkpoint %d: %v", v.cps.size, err)}
	case cp.Size != v.cps.size || !bytes.Equal(cp.Root, v.cps.root):
		return nil, &Problem{v.cps.size, BadCheckpoint, fmt.Sprintf("checkpoint %d: its stored size or root differs from its signed note", v.cps.size)}
	case cp.Prev >= 0 && cp.Prev != v.lastCp:
		return nil, &Problem{cp.Prev, Gap, fmt.Sprintf("checkpoint %d follows checkpoint %d, but the table holds %d before it: a checkpoint was deleted", cp.Size, cp.Prev, v.lastCp)}
	}
	v.lastCp = cp.Size
	return cp, nil
}

// finish checks the chain ended at the head, that no checkpoint covers more
// than that and that no entry lies beyond the head.
func (v *verifier) finish(ctx context.Context) error {
	last := v.c.next - 1
	switch {
	case last < v.head.seq:
		v.rep.FirstBad = &Problem{last + 1, Removed, fmt.Sprintf("entries %d..%d are missing: the chain head is at %d", last+1, v.head.seq, v.head.seq)}
	case !bytes.Equal(v.c.prev, v.head.hash):
		v.rep.FirstBad = &Problem{last, Altered, "the chain head's hash is not the last entry's"}
	case v.cps.ok:
		v.rep.FirstBad = &Problem{last + 1, Removed, fmt.Sprintf("checkpoint %d covers entries beyond the last one, %d", v.cps.size, last)}
	case v.trusted != nil && v.trusted.Size > last:
		v.rep.FirstBad = &Problem{last + 1, RolledBack, fmt.Sprintf("the trusted checkpoint covers %d entries, the log holds %d: it was rolled back", v.trusted.Size, last)}
	}
	if v.rep.FirstBad != nil {
		return v.cps.close()
	}
	if err := v.beyondHead(ctx); err != nil || v.rep.FirstBad != nil {
		return err
	}
	return v.unsignedTail(ctx, last)
}

// unsignedTail fails the log when the first entry no checkpoint covers is
// older than UnsignedGrace: checkpoints are signed every second, so such a
// tail was left by a crash or by someone who deleted checkpoints to rewrite
// what they covered.
func (v *verifier) unsignedTail(ctx context.Context, last int64) error {
	if v.lastCp >= last {
		return nil
	}
	enc, _, err := readEncoded(ctx, v.q, v.lastCp+1)
	if err != nil {
		return err
	}
	at, _ := encodedAt(enc)
	if age := v.now.Sub(unixMicro(at)); age > UnsignedGrace {
		v.rep.FirstBad = &Problem{v.lastCp + 1, Unsigned, fmt.Sprintf(
			"entries %d..%d are covered by no checkpoint and the first is %s old: the log's tail was never signed, or its checkpoints were deleted", v.lastCp+1, last, age.Round(time.Second))}
	}
	return nil
}

// beyondHead looks, in one statement, for a batch holding an entry past the
// current head.
func (v *verifier) beyondHead(ctx context.Context) error {
	var seq, head int64
	err := v.q.QueryRowContext(ctx, `SELECT b.seq, h.seq FROM audit_batches b, audit_head h
		WHERE h.id = 1 AND b.seq + b.n - 1 > h.seq ORDER BY b.seq LIMIT 1`).Scan(&seq, &head)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return errs.WrapIf(err, "audit: look past the chain head")
	}
	seq = max(seq, head+1) // the first entry of that batch past the head
	v.rep.FirstBad = &Problem{seq, Inserted, fmt.Sprintf("entry %d lies beyond the chain head (%d)", seq, head)}
	return nil
}

// cpScanner streams checkpoints in size order; size, root and note are the
// current one's while ok. Read by hand, not with store.Each, on purpose:
// verify pulls it forward in step with the entries' rowScanner (a merge of
// two ordered streams), which a callback per row cannot do.
type cpScanner struct {
	rows       *sql.Rows
	ok         bool
	size       int64
	root, note []byte
	err        error
}

func scanCheckpoints(ctx context.Context, q store.Querier) (*cpScanner, error) {
	rows, err := q.QueryContext(ctx, `SELECT size, root, note FROM audit_checkpoints ORDER BY size`)
	if err != nil {
		return nil, errs.WrapIf(err, "audit: read checkpoints")
	}
	s := &cpScanner{rows: rows}
	s.advance()
	return s, nil
}

func (s *cpScanner) advance() {
	s.ok = s.rows.Next()
	if s.ok {
		s.err = s.rows.Scan(&s.size, &s.root, &s.note)
		s.ok = s.err == nil
	}
}

func (s *cpScanner) close() error {
	err := s.err
	if err == nil {
		err = s.rows.Err()
	}
	s.rows.Close()
	return errs.WrapIf(err, "audit: read checkpoints")
}
