package vault

import (
	"context"

	"jikimi/errs"
)

// keyedHeldChunk is how many subjects one query of KeyedHeld asks about
// (SQLite allows 32,766 bound values; PostgreSQL 65,535).
const keyedHeldChunk = 512

// KeyedHeld answers, for each of subjects, whether the gate holds (in use)
// the keyed record Key names of r's service and purpose (KeyedID): whom a
// run over a day's keyed records has anything to read of, before it reads
// them through the gate. Like Holdings it is for a system actor, reveals no
// item value and writes no access-log entry; the reads that follow are the
// gated ones, logged. Any other kind of actor is refused.
func (v *Vault) KeyedHeld(ctx context.Context, r Request, key string, subjects []string) ([]bool, error) {
	if err := systemOnly(r, "asks which keyed records are held"); err != nil {
		return nil, err
	}
	if r.Service == "" || r.Purpose == "" || key == "" {
		return nil, errs.E(errs.Invalid, "vault: KeyedHeld needs a service, a purpose and a key")
	}
	held := make([]bool, len(subjects))
	at := make(map[string]int, len(subjects))
	for from := 0; from < len(subjects); from += keyedHeldChunk {
		chunk := subjects[from:min(from+keyedHeldChunk, len(subjects))]
		// Padded to a power of two with the last ID, so that the texts
		// (and the statements kept for them) are few.
		size := 1
		for size < len(chunk) {
			size *= 2
		}
		args := make([]any, 0, size+2)
		args = append(args, r.Service, r.Purpose)
		clear(at)
		for i, s := range chunk {
			id := KeyedID(s, r.Purpose, key)
			at[id] = from + i
			args = append(args, id)
		}
		for len(args) < size+2 {
			args = append(args, args[len(args)-1])
		}
		ids, err := column(ctx, v.reader, "vault: keyed records held",
			`SELECT id FROM pd_records WHERE service = ? AND purpose = ? AND id IN (`+placeholders(size)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			held[at[id]] = true
		}
	}
	return held, nil
}
