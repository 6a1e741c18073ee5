package audit

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// tamperLog is a log of 20 entries with checkpoints at 4 and 20.
func tamperLog(t *testing.T, e *env) {
	e.append(t, samples(4)...)
	e.checkpoint(t)
	e.append(t, samples(16)...)
	e.checkpoint(t)
	e.mustVerify(t)
}

func TestVerifyNamesTheFirstTamperedEntry(t *testing.T) {
	for name, tt := range map[string]struct {
		tamper func(t *testing.T, e *env)
		seq    int64
		kind   Kind
	}{
		"AlteredField":        {func(t *testing.T, e *env) { e.alter(t, 5, func(x *Entry) { x.Purpose = "marketing" }) }, 5, Altered},
		"AlteredTime":         {func(t *testing.T, e *env) { e.alter(t, 9, func(x *Entry) { x.Time = x.Time.Add(time.Hour) }) }, 9, Altered},
		"AlteredTimeBounds":   {func(t *testing.T, e *env) { e.exec(t, `UPDATE audit_batches SET at_max = at_max + 1 WHERE seq = 5`) }, 5, Altered},
		"AlteredItems":        {func(t *testing.T, e *env) { e.alter(t, 5, func(x *Entry) { x.Items = x.Items[:1] }) }, 5, Altered},
		"AlteredLink":         {func(t *testing.T, e *env) { e.editRow(t, 5, func(r *row) { r.prev = r.hash }) }, 5, Altered},
		"AlteredHash":         {func(t *testing.T, e *env) { e.editRow(t, 7, func(r *row) { r.hash = make([]byte, 32) }) }, 7, Altered},
		"BatchCount":          {func(t *testing.T, e *env) { e.exec(t, `UPDATE audit_batches SET n = n - 1 WHERE seq = 5`) }, 5, Altered},
		"BatchBytes":          {truncateBatch, 5, Altered},
		"Removed":             {func(t *testing.T, e *env) { e.remove(t, 5) }, 5, Removed},
		"RemovedRenumbered":   {func(t *testing.T, e *env) { e.remove(t, 5); e.shift(t, 6, -1) }, 5, Removed},
		"RemovedLast":         {func(t *testing.T, e *env) { e.remove(t, 20) }, 20, Removed},
		"RemovedTailAndHead":  {removeTail, 16, Removed},
		"Inserted":            {func(t *testing.T, e *env) { e.shift(t, 5, 1); e.craft(t, 5, e.hashOf(t, 4)) }, 5, Inserted},
		"InsertedCopy":        {insertCopy, 5, Inserted},
		"InsertedBeyondHead":  {func(t *testing.T, e *env) { e.craft(t, 21, e.hashOf(t, 20)) }, 21, Inserted},
		"ReorderedNeighbours": {func(t *testing.T, e *env) { e.swap(t, 5, 6) }, 5, Reordered},
		"ReorderedFar":        {func(t *testing.T, e *env) { e.swap(t, 5, 12) }, 5, Reordered},
		"Rewritten":           {rewrite, 5, Rewritten},
		"ForgedCheckpoint":    {forgeCheckpoint, 20, BadCheckpoint},
		"TreeState": {func(t *testing.T, e *env) {
			e.exec(t, `UPDATE audit_prefixes SET compact = ? WHERE name = 'tree'`, make([]byte, 64))
		}, 20, BadState},
	} {
		check := func(t *testing.T, e *env) {
			tamperLog(t, e)
			tt.tamper(t, e)
			r := e.verify(t)
			if r.OK() || r.FirstBad.Seq != tt.seq || r.FirstBad.Kind != tt.kind {
				t.Fatalf("Verify found %v, want entry %d %s", r.FirstBad, tt.seq, tt.kind)
			}
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			eachDB(t, check)
		})
		// Segments of 3 put every tampering near a boundary between parallel reads.
		t.Run(name+"/Segments", func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, openSQLite)
			e.log.segment = 3
			check(t, e)
		})
	}
}

func removeTail(t *testing.T, e *env) {
	h := e.hashOf(t, 15)
	e.edit(t, func(rs []*row) []*row { return slices.DeleteFunc(rs, func(r *row) bool { return r.seq > 15 }) })
	e.exec(t, `UPDATE audit_head SET seq = 15, hash = ?`, h)
}

func insertCopy(t *testing.T, e *env) {
	e.shift(t, 5, 1)
	c := e.row(t, 13)
	c.seq = 5
	e.edit(t, func(rs []*row) []*row { return append(rs, c) })
}

// truncateBatch cuts the last byte off the entries of the batch holding 5..20.
func truncateBatch(t *testing.T, e *env) {
	var entries []byte
	if err := e.sql.Reader().QueryRowContext(ctx, `SELECT entries FROM audit_batches WHERE seq = 5`).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	e.exec(t, `UPDATE audit_batches SET entries = ? WHERE seq = 5`, entries[:len(entries)-1])
}

// rewrite changes entry 7 and recomputes every hash after it, so every link
// holds: only the signed checkpoint at 20 shows it.
func rewrite(t *testing.T, e *env) {
	e.alter(t, 7, func(x *Entry) { x.Purpose = "marketing" })
	var prev []byte
	e.edit(t, func(rs []*row) []*row {
		prev = find(t, rs, 6).hash
		for seq := int64(7); seq <= 20; seq++ {
			r := find(t, rs, seq)
			sum, _ := entryHash(nil, prev, r.entry)
			r.prev, r.hash = prev, sum[:]
			prev = r.hash
		}
		return rs
	})
	e.exec(t, `UPDATE audit_head SET hash = ?`, prev)
	e.exec(t, `UPDATE audit_prefixes SET last_hash = ? WHERE name = 'tree'`, prev)
}

func forgeCheckpoint(t *testing.T, e *env) {
	cp, err := e.log.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(string(cp.Note), "\n20\n", "\n21\n", 1)
	e.exec(t, `UPDATE audit_checkpoints SET note = ? WHERE size = 20`, []byte(forged))
}

// editRow changes one stored row.
func (e *env) editRow(t *testing.T, seq int64, change func(*row)) {
	e.edit(t, func(rs []*row) []*row { change(find(t, rs, seq)); return rs })
}

func (e *env) remove(t *testing.T, seq int64) {
	e.edit(t, func(rs []*row) []*row { return slices.DeleteFunc(rs, func(r *row) bool { return r.seq == seq }) })
}

// shift moves entries from seq on by delta.
func (e *env) shift(t *testing.T, from, delta int64) {
	e.edit(t, func(rs []*row) []*row {
		for _, r := range rs {
			if r.seq >= from {
				r.seq += delta
			}
		}
		return rs
	})
}

func (e *env) swap(t *testing.T, a, b int64) {
	e.edit(t, func(rs []*row) []*row {
		ra, rb := find(t, rs, a), find(t, rs, b)
		ra.seq, rb.seq = b, a
		return rs
	})
}

// craft inserts a well-formed entry at seq that links to prev, as a forger
// who knows the format would.
func (e *env) craft(t *testing.T, seq int64, prev []byte) {
	x := sample(99)
	x.Time = epoch
	enc := encode(nil, &x)
	sum, _ := entryHash(nil, prev, enc)
	e.edit(t, func(rs []*row) []*row {
		return append(rs, &row{seq: seq, entry: enc, prev: prev, hash: sum[:], framed: true})
	})
}

func (e *env) hashOf(t *testing.T, seq int64) []byte { return e.row(t, seq).hash }

func (e *env) row(t *testing.T, seq int64) *row {
	t.Helper()
	return find(t, e.rows(t), seq)
}
