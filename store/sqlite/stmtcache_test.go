package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
)

// keptTexts opens a one-connection pool keeping up to keep statements and
// returns it with a function listing the texts its connection keeps, most
// recently used first.
func keptTexts(t *testing.T, keep int) (*sql.DB, func() []string) {
	t.Helper()
	c, err := newConnector(dsn(tempPath(t), writer), keep)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		t.Fatal(err)
	}
	return db, func() []string {
		var texts []string
		raw, err := db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		err = raw.Raw(func(dc any) error {
			for e := dc.(*conn).lru.Front(); e != nil; e = e.Next() {
				texts = append(texts, e.Value.(*kept).text)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return texts
	}
}

const (
	insertT = `INSERT INTO t (v) VALUES (?)`
	selectT = `SELECT id, v FROM t WHERE id >= ? ORDER BY id`
)

// A text run again on a connection runs on the statement it kept, with its
// new arguments; the least recently used goes when the connection keeps
// more than its limit.
func TestConnKeepsStatements(t *testing.T) {
	db, texts := keptTexts(t, 2)
	for _, v := range []string{"a", "b", "c"} {
		if _, err := db.Exec(insertT, v); err != nil {
			t.Fatal(err)
		}
	}
	if got := values(t, db, 2); !slices.Equal(got, []string{"b", "c"}) {
		t.Fatalf("got %v", got)
	}
	if got := values(t, db, 3); !slices.Equal(got, []string{"c"}) {
		t.Fatalf("got %v", got)
	}
	if got := texts(); !slices.Equal(got, []string{selectT, insertT}) {
		t.Fatalf("kept %q", got)
	}
	if _, err := db.Exec(`DELETE FROM t WHERE id = ?`, 1); err != nil {
		t.Fatal(err)
	}
	if got := texts(); len(got) != 2 || got[1] != selectT {
		t.Fatalf("kept %q, want the delete and the select", got)
	}
	if got := values(t, db, 0); !slices.Equal(got, []string{"b", "c"}) {
		t.Fatalf("got %v", got)
	}
}

// A text run while its own rows are still open (one transaction reading
// as it goes) runs unkept, and both give their rows; a statement pushed
// out while its rows are open still gives them, and is closed after.
func TestConnStatementInUse(t *testing.T) {
	db, texts := keptTexts(t, 1)
	for _, v := range []string{"a", "b"} {
		if _, err := db.Exec(insertT, v); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	outer, err := tx.Query(selectT, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for outer.Next() {
		var id int
		var v string
		if err := outer.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		again, err := tx.Query(selectT, id) // the outer select is in use: unkept
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for again.Next() {
			n++
		}
		if err := again.Close(); err != nil {
			t.Fatal(err)
		}
		inner := 0
		if err := tx.QueryRow(`SELECT COUNT(*) FROM (`+selectT+`)`, id).Scan(&inner); err != nil {
			t.Fatal(err) // pushes the outer select out while its rows are open
		}
		got = append(got, v+strings.Repeat("+", n)+strings.Repeat("!", inner))
	}
	if err := outer.Close(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"a++!!", "b+!"}) {
		t.Fatalf("got %v", got)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := values(t, db, 2); !slices.Equal(got, []string{"b"}) {
		t.Fatalf("after: %v", got)
	}
	if got := texts(); !slices.Equal(got, []string{selectT}) {
		t.Fatalf("kept %q", got)
	}
}

// A text that does not prepare fails as it would unkept, and is not kept.
func TestConnBadTextNotKept(t *testing.T) {
	db, texts := keptTexts(t, 4)
	if _, err := db.Exec(`INSERT INTO missing (v) VALUES (?)`, "a"); err == nil || !strings.Contains(err.Error(), "no such table") {
		t.Fatalf("err %v", err)
	}
	if got := texts(); slices.ContainsFunc(got, func(q string) bool { return strings.Contains(q, "missing") }) {
		t.Fatalf("kept %q", got)
	}
}

func values(t *testing.T, db *sql.DB, from int) []string {
	t.Helper()
	rows, err := db.Query(selectT, from)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
