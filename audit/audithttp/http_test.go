package audithttp

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/store"
	"jikimi/store/sqlite/sqlitetest"
	"jikimi/web"
)

var ctx = context.Background()

func newLog(t *testing.T) (*audit.Log, store.SQL) {
	st := sqlitetest.Open(t, clock.NewFake(time.Now()))
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	return audit.New(st.SQL(), key, clock.NewFake(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))), st.SQL()
}

func appendN(t *testing.T, l *audit.Log, sql store.SQL, n int) {
	es := make([]audit.Entry, n)
	for i := range es {
		es[i] = audit.Entry{Handler: "staff-7", Role: "officer", Subject: fmt.Sprintf("s_%d", i), Service: "seoul-healthcare",
			Purpose: "health", Items: []string{"weight"}, Action: audit.View, Outcome: audit.Allowed}
	}
	if err := sql.InTx(ctx, func(tx store.Querier) error { return l.Append(ctx, tx, es...) }); err != nil {
		t.Fatal(err)
	}
}

func serve(t *testing.T, l Log) http.Handler {
	m := Mount(l)
	if err := web.CheckMount(m); err != nil {
		t.Fatal(err)
	}
	h, err := (&web.Server{Log: slog.New(slog.DiscardHandler), Mounts: []web.Mount{m}}).Handler()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(h http.Handler, path string) (int, []byte) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, b
}

func TestCheckpointRoute(t *testing.T) {
	l, sql := newLog(t)
	h := serve(t, l)
	if code, _ := get(h, "/audit/checkpoint"); code != http.StatusNotFound {
		t.Fatalf("before any checkpoint: %d", code)
	}
	appendN(t, l, sql, 3)
	cp, err := l.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := get(h, "/audit/checkpoint"); code != http.StatusOK || !bytes.Equal(body, cp.Note) {
		t.Fatalf("GET: %d %q", code, body)
	}
}

// tiles reads tiles over HTTP, as a mirror would.
type tiles struct {
	t *testing.T
	h http.Handler
}

func (tiles) Height() int { return audit.TileHeight }

func (r tiles) ReadTiles(ts []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(ts))
	for i, tile := range ts {
		path := "/audit/tile/" + strings.TrimPrefix(tile.Path(), "tile/8/")
		code, b := get(r.h, path)
		if code != http.StatusOK {
			return nil, fmt.Errorf("%s: %d %s", path, code, b)
		}
		out[i] = b
	}
	return out, nil
}

func (tiles) SaveTiles([]tlog.Tile, [][]byte) {}

// Another implementation of the tree (golang.org/x/mod/sumdb/tlog), fed
// only the served tiles, computes the signed root and proves entries in it.
func TestTilesAgreeWithTheCheckpoint(t *testing.T) {
	l, sql := newLog(t)
	h := serve(t, l)
	var cp *audit.Checkpoint
	for _, n := range []int{300, 70000 - 300, 1234} { // full and partial tiles at levels 0, 1 and 2
		appendN(t, l, sql, n)
		var err error
		if cp, err = l.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		var root tlog.Hash
		copy(root[:], cp.Root)
		hr := tlog.TileHashReader(tlog.Tree{N: cp.Size, Hash: root}, tiles{t, h})
		got, err := tlog.TreeHash(cp.Size, hr)
		if err != nil || got != root {
			t.Fatalf("size %d: the tiles' root %x, %v; signed %x", cp.Size, got, err, root)
		}
		for _, seq := range []int64{1, cp.Size / 2, cp.Size} {
			p, err := tlog.ProveRecord(cp.Size, seq-1, hr)
			if err != nil {
				t.Fatalf("prove %d: %v", seq, err)
			}
			leaf, err := hr.ReadHashes([]int64{tlog.StoredHashIndex(0, seq-1)})
			if err != nil || tlog.CheckRecord(p, cp.Size, root, seq-1, leaf[0]) != nil {
				t.Fatalf("entry %d not in the tree by the tiles: %v", seq, err)
			}
		}
	}
	for _, bad := range []string{"/audit/tile/0/999", "/audit/tile/9/000", "/audit/tile/0/x000", "/audit/tile/0/000.p/0", "/audit/tile/0/00", "/audit/tile/zz"} {
		if code, _ := get(h, bad); code != http.StatusNotFound && code != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, code)
		}
	}
}

func TestParseTilePath(t *testing.T) {
	for path, want := range map[string][3]int64{
		"0/000":           {0, 0, 256},
		"1/x001/234":      {1, 1234, 256},
		"2/x001/x002/003": {2, 1002003, 256},
		"0/005.p/17":      {0, 5, 17},
		"0/x001/005.p/1":  {0, 1005, 1},
	} {
		l, n, w, err := parseTilePath(path)
		if err != nil || [3]int64{l, n, w} != want {
			t.Errorf("%s: %d %d %d %v", path, l, n, w, err)
		}
	}
}

func FuzzParseTilePath(f *testing.F) {
	for _, p := range []string{"0/000", "1/x001/234", "0/005.p/17", "0/x/", "99/000"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		l, n, w, err := parseTilePath(p)
		if err == nil && (l < 0 || n < 0 || w < 1 || w > 256) {
			t.Fatalf("%q: %d %d %d", p, l, n, w)
		}
	})
}
