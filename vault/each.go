package vault

import (
	"context"
	"database/sql"
	"slices"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/store"
)

// GetEach is Get for many requests at once, each of its own subject (a daily
// run's page of participants): ids[i] is the record reqs[i] asks for. Each
// request is decided on its own subject's facts and logged with its own
// entry, exactly as Get; what changes is the work per page, not per
// request: the facts the cache lacks are read for the whole page in one
// query per table, the records in one query in the transaction that appends
// every entry of the page (so nothing leaves before its entry is
// committed), and the data keys the cache lacks in one query a purpose.
// A request the gate refuses, or whose record does not exist (for its
// subject and purpose), gets nil, as Get's "not found"; the refusal is
// logged, the missing record not. A malformed request fails the whole call
// before anything is decided or logged.
func (v *Vault) GetEach(ctx context.Context, reqs []Request, ids []string) ([]*Record, error) {
	if len(ids) != len(reqs) {
		return nil, errs.E(errs.Invalid, "vault: GetEach takes one record ID a request")
	}
	reads := make([]eachRead, len(reqs))
	for i, r := range reqs {
		if ids[i] == "" {
			return nil, errs.E(errs.Invalid, "vault: GetEach names a record for every request")
		}
		reads[i] = eachRead{r: r, id: ids[i]}
	}
	if err := v.readEach(ctx, reads); err != nil {
		return nil, err
	}
	out := make([]*Record, len(reads))
	for i, rd := range reads {
		if len(rd.recs) == 1 {
			out[i] = rd.recs[0].only(rd.r.Items)
		}
	}
	return out, nil
}

// ListEach is List for many requests at once, each of its own subject: out[i]
// is every record of reqs[i]'s subject for its purpose, nil when the gate
// refuses the request. Decisions, entries and queries are as in GetEach;
// like List, an allowed request is logged even when it finds no record.
func (v *Vault) ListEach(ctx context.Context, reqs []Request) ([][]*Record, error) {
	reads := make([]eachRead, len(reqs))
	for i, r := range reqs {
		reads[i] = eachRead{r: r}
	}
	if err := v.readEach(ctx, reads); err != nil {
		return nil, err
	}
	out := make([][]*Record, len(reads))
	for i, rd := range reads {
		if rd.denied != nil {
			continue
		}
		out[i] = make([]*Record, len(rd.recs))
		for k, rec := range rd.recs {
			out[i][k] = rec.only(rd.r.Items)
		}
	}
	return out, nil
}

// eachRead is one request of GetEach (id set) or ListEach (id "").
type eachRead struct {
	r      Request
	id     string
	denied error
	rows   []*sealedRow
	recs   []*loaded
}

// eachChunk is how many subjects or records one query of a page asks about
// (SQLite allows 32,766 bound values; PostgreSQL 65,535).
const eachChunk = 512

// readEach decides, logs and reads a page of requests (GetEach, ListEach).
func (v *Vault) readEach(ctx context.Context, reads []eachRead) error {
	if len(reads) == 0 {
		return nil
	}
	subjects := make([]string, 0, len(reads))
	for i := range reads {
		rd := &reads[i]
		if rd.r.Then != nil {
			return errs.E(errs.Invalid, "vault: a read of many requests runs no Then")
		}
		if err := v.admit(&rd.r); err != nil {
			return err
		}
		subjects = append(subjects, rd.r.Subject)
	}
	facts, err := v.factsOf(ctx, v.reader, subjects)
	if err != nil {
		return err
	}
	for i := range reads {
		rd := &reads[i]
		f, ok := facts[rd.r.Subject]
		var missing error
		if !ok {
			missing = notFound()
		}
		if rd.denied = v.decideOn(&txn{}, rd.r, f, missing); rd.denied != nil && errs.Code(rd.denied) != errs.Forbidden {
			return rd.denied // the facts could not be read: nothing decided
		}
	}
	err = v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if err := fetchEach(ctx, tx, reads); err != nil {
			return err
		}
		entries := make([]audit.Entry, 0, len(reads))
		for i := range reads {
			rd := &reads[i]
			switch {
			case rd.denied != nil:
				entries = append(entries, v.entry(rd.r, rd.denied, 0))
			case rd.id == "" || len(rd.rows) > 0: // a Get of a missing record is not logged, as Get
				entries = append(entries, v.entry(rd.r, nil, len(rd.rows)))
			}
		}
		return v.cfg.Log.Append(ctx, tx, entries...)
	})
	if err != nil {
		return err
	}
	return v.openEach(ctx, reads)
}

// fetchEach reads the sealed rows of the allowed requests in tx: by ID for
// a Get, by subject and purpose for a List, eachChunk a query.
func fetchEach(ctx context.Context, tx store.Querier, reads []eachRead) error {
	byID := map[string][]*eachRead{}
	var ids []string
	lists := map[string]map[string][]*eachRead{} // purpose -> subject -> reads
	for i := range reads {
		rd := &reads[i]
		switch {
		case rd.denied != nil:
		case rd.id != "":
			if _, seen := byID[rd.id]; !seen {
				ids = append(ids, rd.id)
			}
			byID[rd.id] = append(byID[rd.id], rd)
		default:
			if lists[rd.r.Purpose] == nil {
				lists[rd.r.Purpose] = map[string][]*eachRead{}
			}
			lists[rd.r.Purpose][rd.r.Subject] = append(lists[rd.r.Purpose][rd.r.Subject], rd)
		}
	}
	for chunk := range slices.Chunk(ids, eachChunk) {
		err := store.Each(ctx, tx, "vault: read records", func(s store.Scanner) error {
			row := &sealedRow{}
			if err := s.Scan(row.dest()...); err != nil {
				return err
			}
			for _, rd := range byID[row.id] {
				if rd.r.Subject == row.subject && rd.r.Purpose == row.purpose {
					rd.rows = append(rd.rows, row)
				}
			}
			return nil
		}, `SELECT `+sealedColumns+` FROM pd_records WHERE id IN (`+placeholders(padTo(len(chunk)))+`)`, padded(chunk)...)
		if err != nil {
			return err
		}
	}
	for purpose, bySubject := range lists {
		subjects := make([]string, 0, len(bySubject))
		for s := range bySubject {
			subjects = append(subjects, s)
		}
		slices.Sort(subjects)
		for chunk := range slices.Chunk(subjects, eachChunk) {
			err := store.Each(ctx, tx, "vault: list records", func(s store.Scanner) error {
				row := &sealedRow{}
				if err := s.Scan(row.dest()...); err != nil {
					return err
				}
				for _, rd := range bySubject[row.subject] {
					rd.rows = append(rd.rows, row)
				}
				return nil
			}, `SELECT `+sealedColumns+` FROM pd_records WHERE purpose = ? AND subject_id IN (`+placeholders(padTo(len(chunk)))+
				`) ORDER BY subject_id, created_at, id`, append([]any{purpose}, padded(chunk)...)...)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// openEach unseals the rows read, with the data keys the cache lacks read
// for the page in one query a purpose. A record whose key is gone (shredded
// since it was read) is left out, as Get would find it missing.
func (v *Vault) openEach(ctx context.Context, reads []eachRead) error {
	t := &txn{tx: v.reader, fresh: map[string][]byte{}}
	need := map[string][]string{} // purpose -> subjects whose key is not cached
	since := v.keys.since()
	for i := range reads {
		for _, row := range reads[i].rows {
			name := keyName(row.subject, row.purpose)
			if _, ok := t.fresh[name]; ok {
				continue
			}
			if k, ok := v.keys.get(name); ok {
				t.fresh[name] = k
				continue
			}
			t.fresh[name] = nil // asked for once
			need[row.purpose] = append(need[row.purpose], row.subject)
		}
	}
	for purpose, subjects := range need {
		for chunk := range slices.Chunk(subjects, eachChunk) {
			err := store.Each(ctx, v.reader, "vault: read data keys", func(s store.Scanner) error {
				var subject, kekID string
				var wrapped []byte
				if err := s.Scan(&subject, &kekID, &wrapped); err != nil {
					return err
				}
				name := keyName(subject, purpose)
				k, err := v.cfg.Keys.Unwrap(ctx, wrapped, kekID, []byte("jikimi data key v1|"+name))
				if err != nil {
					return err
				}
				t.fresh[name] = k
				v.keys.putRead(name, k, since)
				return nil
			}, `SELECT subject_id, kek_id, wrapped FROM pd_keys WHERE purpose = ? AND subject_id IN (`+placeholders(padTo(len(chunk)))+`)`,
				append([]any{purpose}, padded(chunk)...)...)
			if err != nil {
				return err
			}
		}
	}
	for name, k := range t.fresh {
		if k == nil {
			delete(t.fresh, name) // no key: open finds it missing
		}
	}
	for i := range reads {
		rd := &reads[i]
		for _, row := range rd.rows {
			rec, err := v.open(ctx, t, row)
			if errs.Code(err) == errs.NotFound {
				continue
			}
			if err != nil {
				return err
			}
			rd.recs = append(rd.recs, rec)
		}
	}
	return nil
}

// factsOf returns the facts of subjects (a subject that does not exist is
// absent): the cached ones from the cache, the others read for all of them
// at once, one query per table and eachChunk subjects a query, and kept.
func (v *Vault) factsOf(ctx context.Context, q store.Querier, subjects []string) (map[string]*subjectFacts, error) {
	out := make(map[string]*subjectFacts, len(subjects))
	stamps := map[string]stamp{}
	var miss []string
	for _, s := range subjects {
		if _, seen := out[s]; seen {
			continue
		}
		if _, seen := stamps[s]; seen {
			continue
		}
		f, st := v.factCache.get(s)
		if f != nil {
			out[s] = f
			continue
		}
		stamps[s] = st
		miss = append(miss, s)
	}
	for chunk := range slices.Chunk(miss, eachChunk) {
		got, err := loadFactsOf(ctx, q, chunk)
		if err != nil {
			return nil, err
		}
		for s, f := range got {
			out[s] = f
			v.factCache.put(s, f, stamps[s])
		}
	}
	return out, nil
}

// loadFactsOf is loadFacts for many subjects: one query per table.
func loadFactsOf(ctx context.Context, q store.Querier, subjects []string) (map[string]*subjectFacts, error) {
	in := `(` + placeholders(padTo(len(subjects))) + `)`
	args := padded(subjects)
	out := make(map[string]*subjectFacts, len(subjects))
	err := store.Each(ctx, q, "vault: read subjects", func(s store.Scanner) error {
		var id, service string
		if err := s.Scan(&id, &service); err != nil {
			return err
		}
		out[id] = &subjectFacts{service: service, correcting: map[string][]string{}}
		return nil
	}, `SELECT id, service FROM pd_subjects WHERE id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	err = store.Each(ctx, q, "vault: read consents", func(s store.Scanner) error {
		var subject string
		var c consentRow
		var withdrawn sql.NullInt64
		if err := s.Scan(&subject, &c.scope, &c.version, &withdrawn); err != nil {
			return err
		}
		c.withdrawn = withdrawn.Valid
		if f := out[subject]; f != nil {
			f.consents = append(f.consents, c)
		}
		return nil
	}, `SELECT subject_id, scope, policy_version, withdrawn_at FROM pd_consents WHERE subject_id IN `+in+` ORDER BY subject_id, given_at, id`, args...)
	if err != nil {
		return nil, err
	}
	err = store.Each(ctx, q, "vault: read suspensions", func(s store.Scanner) error {
		var subject, purpose string
		if err := s.Scan(&subject, &purpose); err != nil {
			return err
		}
		if f := out[subject]; f != nil {
			f.suspended = append(f.suspended, purpose)
		}
		return nil
	}, `SELECT subject_id, purpose FROM pd_suspensions WHERE subject_id IN `+in+` AND lifted_at IS NULL`, args...)
	if err != nil {
		return nil, err
	}
	err = store.Each(ctx, q, "vault: read corrections", func(s store.Scanner) error {
		var subject, purpose, items string
		if err := s.Scan(&subject, &purpose, &items); err != nil {
			return err
		}
		if f := out[subject]; f != nil {
			f.correcting[purpose] = append(f.correcting[purpose], splitItems(items)...)
		}
		return nil
	}, `SELECT subject_id, purpose, items FROM pd_corrections WHERE subject_id IN `+in+` AND resolved_at IS NULL`, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// padTo is n rounded up to a power of two: a page's lists are padded so
// that a few statement texts, prepared once, serve every size.
func padTo(n int) int {
	size := 1
	for size < n {
		size *= 2
	}
	return size
}

// padded is ids as arguments, padded to padTo(len(ids)) by repeating the last.
func padded(ids []string) []any {
	args := make([]any, padTo(len(ids)))
	for i, id := range ids {
		args[i] = id
	}
	for i := len(ids); i < len(args); i++ {
		args[i] = args[len(ids)-1]
	}
	return args
}
