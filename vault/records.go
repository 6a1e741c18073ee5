package vault

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/store"
)

// Record is one sealed set of item values of a subject for a purpose, kept
// under one retention rule of that purpose.
type Record struct {
	ID      string
	Subject string
	Purpose string
	Rule    string            // retention rule ID
	Case    string            // the case it belongs to (Retain.Case); "" for none
	Values  map[string]string // item ID -> value; only the items asked for
	Created time.Time
	Updated time.Time
	Due     *time.Time // next retention step (destruction, or the move to separate storage); nil while the rule waits for an event
}

func recordAAD(id, subject, purpose string) []byte {
	return []byte("jikimi record v1|" + id + "|" + subject + "|" + purpose)
}

// Put stores a new record (action input). Its items are the keys of values;
// r.Items, when given, must name the same items. rule is the purpose's
// retention rule the record is kept under, and must cover every item.
func (v *Vault) Put(ctx context.Context, r Request, rule string, values map[string]string) (string, error) {
	return v.PutRetained(ctx, r, Retain{Rule: rule}, values)
}

// PutMany stores records of one subject and purpose under one rule in one
// transaction with one access-log entry counting them: a device's batch, an
// import. r.Items, when given, must name every item the records hold.
func (v *Vault) PutMany(ctx context.Context, r Request, rule string, values []map[string]string) ([]string, error) {
	union := map[string]string{}
	for _, vals := range values {
		if len(vals) == 0 {
			return nil, errs.E(errs.Invalid, "vault: an empty record in a batch")
		}
		for k := range vals {
			union[k] = ""
		}
	}
	if r.Items = itemsOf(r.Items, union); r.Items == nil {
		return nil, errs.E(errs.Invalid, "vault: the records' items must be named and match their values")
	}
	ids, err := v.newRecordIDs(len(values))
	if err != nil {
		return nil, err
	}
	rows := make([]newRow, len(values))
	for i, vals := range values {
		rows[i] = newRow{id: ids[i], items: slices.Sorted(maps.Keys(vals)), values: vals}
	}
	err = v.do(ctx, r, func(t *txn) (int, error) {
		_, err := v.insertRows(ctx, t, r, Retain{Rule: rule}, rows, "")
		return len(values), err
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// itemsOf returns the sorted keys of values when they match named (or named
// is empty); nil when they differ or values is empty.
func itemsOf(named []string, values map[string]string) []string {
	keys := slices.Sorted(maps.Keys(values))
	if len(keys) == 0 {
		return nil
	}
	if len(named) > 0 && !slices.Equal(slices.Sorted(slices.Values(named)), keys) {
		return nil
	}
	return keys
}

func (v *Vault) insertRecord(ctx context.Context, t *txn, r Request, id string, k Retain, values map[string]string) error {
	_, err := v.insertRow(ctx, t, r, id, k, values, "")
	return err
}

// insertRow stores a new record; suffix ends the INSERT (a keyed record's
// ON CONFLICT). It answers whether a row was written.
func (v *Vault) insertRow(ctx context.Context, t *txn, r Request, id string, k Retain, values map[string]string, suffix string) (bool, error) {
	n, err := v.insertRows(ctx, t, r, k, []newRow{{id: id, items: r.Items, values: values}}, suffix)
	return n == 1, err
}

// newRow is one record of a batch: its ID, its items as stored, its values.
type newRow struct {
	id     string
	items  []string
	values map[string]string
}

// insertChunk is how many records one INSERT statement stores: 12 values a
// row keeps a statement well under SQLite's 32,766 and PostgreSQL's 65,535
// parameters.
const insertChunk = 500

// insertRows stores new records of the request's subject and purpose (every
// row's items among r.Items) under one retention rule, insertChunk rows a
// statement, sealed under the subject's data key with the cipher set up
// once. suffix ends each INSERT. It answers how many rows were written.
func (v *Vault) insertRows(ctx context.Context, t *txn, r Request, k Retain, rows []newRow, suffix string) (int64, error) {
	pu := t.pu
	rr := pu.Rule(k.Rule)
	if rr == nil {
		return 0, errs.E(errs.Invalid, "vault: purpose %q has no retention rule %q", r.Purpose, k.Rule)
	}
	if err := checkRetain(rr, k); err != nil {
		return 0, err
	}
	for _, it := range r.Items {
		if !slices.Contains(pu.RetentionFor(it), rr) {
			return 0, errs.E(errs.Invalid, "vault: retention rule %q does not cover item %q", k.Rule, it)
		}
	}
	dek, err := v.dataKey(ctx, t, r.Subject, r.Purpose, true)
	if err != nil {
		return 0, err
	}
	sealer, err := keys.NewSealer(dek)
	if err != nil {
		return 0, err
	}
	now := v.cfg.Clock.Now()
	due := micros(dueOf(rr, dueFacts{created: now, updated: now, keep: k.Keep}))
	var written int64
	for chunk := range slices.Chunk(rows, insertChunk) {
		args := make([]any, 0, len(chunk)*12)
		for _, row := range chunk {
			sealed, err := sealValues(sealer, r.Subject, r.Purpose, row.id, row.values)
			if err != nil {
				return 0, err
			}
			args = append(args, row.id, r.Subject, r.Service, r.Purpose, k.Rule, joinItems(row.items), sealed,
				now.UnixMicro(), now.UnixMicro(), due, k.Case, k.Keep.String())
		}
		q := `INSERT INTO pd_records (id, subject_id, service, purpose, rule, items, sealed, created_at, updated_at, due_at, case_id, keep_for) VALUES ` +
			strings.Repeat(`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), `, len(chunk)-1) + `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)` + suffix
		res, err := t.tx.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, errs.Wrap(errs.Internal, err, "vault: store record")
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, errs.Wrap(errs.Internal, err, "vault: store record")
		}
		written += n
	}
	return written, nil
}

// sealValues encodes and seals one record's values, bound to its ID, subject
// and purpose.
func sealValues(s *keys.Sealer, subject, purpose, id string, values map[string]string) ([]byte, error) {
	plain, err := json.Marshal(values)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: encode record")
	}
	defer keys.Zero(plain)
	return s.Seal(plain, recordAAD(id, subject, purpose))
}

func (v *Vault) seal(ctx context.Context, t *txn, subject, purpose, id string, values map[string]string) ([]byte, error) {
	k, err := v.dataKey(ctx, t, subject, purpose, true)
	if err != nil {
		return nil, err
	}
	s, err := keys.NewSealer(k)
	if err != nil {
		return nil, err
	}
	return sealValues(s, subject, purpose, id, values)
}

// Update changes items of a record (action change): values are merged into it.
func (v *Vault) Update(ctx context.Context, r Request, id string, values map[string]string) error {
	r.Items = itemsOf(r.Items, values)
	if r.Items == nil {
		return errs.E(errs.Invalid, "vault: the changed items must be named and match their values")
	}
	return v.do(ctx, r, func(t *txn) (int, error) {
		return 1, v.merge(ctx, t, r, id, values)
	})
}

// merge writes values into a record, resealing it.
func (v *Vault) merge(ctx context.Context, t *txn, r Request, id string, values map[string]string) error {
	rec, err := v.load(ctx, t, r, id)
	if err != nil {
		return err
	}
	maps.Copy(rec.all, values)
	sealed, err := v.seal(ctx, t, r.Subject, r.Purpose, id, rec.all)
	if err != nil {
		return err
	}
	items := slices.Sorted(maps.Keys(rec.all))
	_, err = t.tx.ExecContext(ctx, `UPDATE pd_records SET sealed = ?, items = ?, updated_at = ? WHERE id = ?`,
		sealed, joinItems(items), v.now(), id)
	if err != nil {
		return errs.WrapIf(err, "vault: update record")
	}
	return v.redraft(ctx, t, rec.Rule, id)
}

// Get reads the asked items of one record. Anything the gate forbids, like
// anything that does not exist, is "not found".
func (v *Vault) Get(ctx context.Context, r Request, id string) (*Record, error) {
	if r.Then == nil {
		rec, err := v.readOne(ctx, r, id)
		if err != nil {
			return nil, asRead(r, err) // nothing leaves without its log entry
		}
		return rec.only(r.Items), nil
	}
	var out *Record
	err := v.read(ctx, r, func(t *txn) (int, error) {
		rec, err := v.load(ctx, t, r, id)
		if err != nil {
			return 0, err
		}
		out = rec.only(r.Items)
		return 1, nil
	})
	if err != nil {
		return nil, asRead(r, err) // nothing leaves without its log entry
	}
	return out, nil
}

// List reads the asked items of every record of the subject for the purpose.
func (v *Vault) List(ctx context.Context, r Request) ([]*Record, error) {
	return v.list(ctx, r, "")
}

// SignInItems is List for a sign-in: the citizen sign-in (a system actor)
// reads the named items of the subject's account records (the password
// hash) to check a password. It is the one processing a consent that a
// newer policy version made outdated still allows: the person must be able
// to sign in to see what changed and consent again, while every other
// access, their own included, is refused consent_outdated until they do.
// A missing or withdrawn consent still refuses it.
func (v *Vault) SignInItems(ctx context.Context, r Request) ([]*Record, error) {
	if r.Actor.Kind != System || r.Action != View || len(r.Items) == 0 {
		return nil, errs.E(errs.Invalid, "vault: a sign-in is a system actor viewing named items")
	}
	r.signIn = true
	return v.list(ctx, r, "")
}

// ListCase is List narrowed to the records of one case (Retain.Case): a
// caseworker or a recipient reads one application or report, and the log
// counts only those.
func (v *Vault) ListCase(ctx context.Context, r Request, caseID string) ([]*Record, error) {
	if caseID == "" || !validCase(caseID) {
		return nil, errs.E(errs.Invalid, "vault: a case is an opaque ID of at most 64 letters, digits, '.', '_' or '-'")
	}
	return v.list(ctx, r, caseID)
}

// list reads the records of the subject's purpose; of one case unless caseID is "".
func (v *Vault) list(ctx context.Context, r Request, caseID string) ([]*Record, error) {
	var out []*Record
	err := v.read(ctx, r, func(t *txn) (int, error) {
		rows, err := store.Collect(ctx, t.tx, "vault: list records", func(s store.Scanner, row *sealedRow) error {
			return s.Scan(row.dest()...)
		}, listQuery, r.Subject, r.Purpose, caseID, caseID)
		if err != nil {
			return 0, err
		}
		for i := range rows {
			rec, err := v.open(ctx, t, &rows[i])
			if err != nil {
				return 0, err
			}
			out = append(out, rec.only(r.Items))
		}
		return len(out), nil
	})
	if err != nil {
		return nil, asRead(r, err)
	}
	return out, nil
}

// listQuery reads a subject's records for a purpose (of one case unless the
// case is empty) in one query, by pd_records_subject.
const listQuery = `SELECT ` + sealedColumns + ` FROM pd_records WHERE subject_id = ? AND purpose = ? AND (? = '' OR case_id = ?) ORDER BY created_at, id`

// Delete destroys one record (action delete), leaving its destruction
// record.
func (v *Vault) Delete(ctx context.Context, r Request, id string) error {
	return v.do(ctx, r, func(t *txn) (int, error) {
		now := v.cfg.Clock.Now()
		d := Destroyed{Record: id, Subject: r.Subject, Service: r.Service, Purpose: r.Purpose, Step: StepDestroy, Method: MethodDelete, Due: now, At: now}
		var items string
		err := t.tx.QueryRowContext(ctx, `DELETE FROM pd_records WHERE id = ? AND subject_id = ? AND purpose = ? RETURNING rule, items`,
			id, r.Subject, r.Purpose).Scan(&d.Rule, &items)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, notFound()
		}
		if err != nil {
			return 0, errs.Wrap(errs.Internal, err, "vault: delete record")
		}
		d.Items = splitItems(items)
		return 1, recordImmediate(ctx, t.tx, []Destroyed{d})
	})
}

// loaded is a record with all its values, before narrowing to the asked items.
type loaded struct {
	Record
	all    map[string]string
	sealed []byte // as stored, for a write that must find it unchanged
}

func (l *loaded) only(items []string) *Record {
	rec := l.Record
	rec.Values = map[string]string{}
	for _, it := range items {
		if val, ok := l.all[it]; ok {
			rec.Values[it] = val
		}
	}
	return &rec
}

// load reads and opens one record of the request's subject and purpose.
func (v *Vault) load(ctx context.Context, t *txn, r Request, id string) (*loaded, error) {
	var row sealedRow
	err := t.tx.QueryRowContext(ctx, `SELECT `+sealedColumns+` FROM pd_records WHERE id = ? AND subject_id = ? AND purpose = ?`,
		id, r.Subject, r.Purpose).Scan(row.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	} else if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: read record")
	}
	return v.open(ctx, t, &row)
}

// sealedRow is a record as stored: its bookkeeping in clear, its values sealed.
type sealedRow struct {
	id, subject, purpose, rule, caseID string
	sealed                             []byte
	created, updated                   int64
	due                                sql.NullInt64
}

const sealedColumns = "id, subject_id, purpose, rule, case_id, sealed, created_at, updated_at, due_at"

func (s *sealedRow) dest() []any {
	return []any{&s.id, &s.subject, &s.purpose, &s.rule, &s.caseID, &s.sealed, &s.created, &s.updated, &s.due}
}

// open unseals a stored record with its subject's data key for its purpose.
func (v *Vault) open(ctx context.Context, t *txn, row *sealedRow) (*loaded, error) {
	rec := loaded{Record: Record{ID: row.id, Subject: row.subject, Purpose: row.purpose, Rule: row.rule, Case: row.caseID,
		Created: time.UnixMicro(row.created).UTC(), Updated: time.UnixMicro(row.updated).UTC()}}
	if row.due.Valid {
		d := time.UnixMicro(row.due.Int64).UTC()
		rec.Due = &d
	}
	k, err := v.dataKey(ctx, t, row.subject, row.purpose, false)
	if err != nil {
		return nil, err
	}
	plain, err := keys.Open(k, row.sealed, recordAAD(row.id, row.subject, row.purpose))
	if err != nil {
		return nil, err
	}
	defer keys.Zero(plain)
	rec.sealed = row.sealed
	if err := json.Unmarshal(plain, &rec.all); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: decode record")
	}
	return &rec, nil
}
