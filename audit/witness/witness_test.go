package witness

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
	"jikimi/store/postgres/pgmigrated"
	"jikimi/store/sqlite/sqlitetest"
)

var (
	ctx     = context.Background()
	logKey  = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	openers = map[string]func(t *testing.T) store.Store{
		"SQLite":     func(t *testing.T) store.Store { return sqlitetest.Open(t, clock.NewFake(time.Now())) },
		"PostgreSQL": func(t *testing.T) store.Store { return pgmigrated.Open(t, clock.NewFake(time.Now())) },
	}
)

// fixture is a log on a fresh database and a witness of it on loopback.
type fixture struct {
	log     *audit.Log
	sql     store.SQL
	server  *Server
	skey    string
	vkey    string
	state   string
	witness *Client
}

func newFixture(t *testing.T, open func(t *testing.T) store.Store) *fixture {
	st := open(t)
	f := &fixture{sql: st.SQL(), log: audit.New(st.SQL(), logKey, clock.NewFake(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)))}
	skey, vkey, err := note.GenerateKey(rand.Reader, "witness.example")
	if err != nil {
		t.Fatal(err)
	}
	f.skey, f.vkey, f.state = skey, vkey, filepath.Join(t.TempDir(), "witness-state")
	f.start(t)
	if err := f.log.Configure(audit.Options{Witnesses: []audit.Witness{f.witness}}); err != nil {
		t.Fatal(err)
	}
	return f
}

// start runs the witness on 127.0.0.1 from its state file.
func (f *fixture) start(t *testing.T) {
	signer, err := note.NewSigner(f.skey)
	if err != nil {
		t.Fatal(err)
	}
	f.server, err = NewServer(signer, f.log.Trust(), f.state)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f.server.Handler())
	t.Cleanup(srv.Close)
	if f.witness, err = NewClient(srv.URL, f.vkey, srv.Client()); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) appendAndCheckpoint(t *testing.T, n int) *audit.Checkpoint {
	t.Helper()
	es := make([]audit.Entry, n)
	for i := range es {
		es[i] = audit.Entry{Handler: "staff-7", Role: "officer", Subject: fmt.Sprintf("s_%d", i), Service: "seoul-healthcare",
			Purpose: "health", Items: []string{"weight"}, Action: audit.View, Outcome: audit.Allowed}
	}
	if err := f.sql.InTx(ctx, func(tx store.Querier) error { return f.log.Append(ctx, tx, es...) }); err != nil {
		t.Fatal(err)
	}
	cp, err := f.log.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

// cosigned checks the log's latest checkpoint verifies with the witness's
// key alone, through note.Open.
func (f *fixture) cosigned(t *testing.T, size int64) {
	t.Helper()
	latest, err := f.log.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := note.NewVerifier(f.vkey)
	n, err := note.Open(latest.Note, note.VerifierList(v))
	if err != nil || latest.Size != size || !strings.HasPrefix(n.Text, "jikimi access log\n"+fmt.Sprint(size)+"\n") {
		t.Fatalf("latest checkpoint %d not cosigned: %v\n%s", latest.Size, err, latest.Note)
	}
	if _, err := f.log.Trust().Checkpoint(latest.Note); err != nil {
		t.Fatalf("the cosigned note no longer verifies with the log's key: %v", err)
	}
}

func eachDB(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for name, open := range openers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, newFixture(t, open))
		})
	}
}

func TestWitnessCosignsConsistentCheckpoints(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		for i, n := range []int{5, 17, 1, 300} {
			cp := f.appendAndCheckpoint(t, n)
			if err := f.log.Witness(ctx, cp); err != nil {
				t.Fatalf("checkpoint %d: %v", i, err)
			}
			f.cosigned(t, cp.Size)
			if got := f.server.Latest(); got == nil || got.Size != cp.Size {
				t.Fatalf("the witness holds %v", got)
			}
		}
	})
}

// A witness restarted from its state file remembers what it cosigned; a
// log that does not know that size learns it from the 409 answer.
func TestWitnessRemembersAcrossRestarts(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		cp := f.appendAndCheckpoint(t, 10)
		if err := f.log.Witness(ctx, cp); err != nil {
			t.Fatal(err)
		}
		f.start(t)
		fresh := audit.New(f.sql, logKey, clock.NewFake(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)))
		if err := fresh.Configure(audit.Options{Witnesses: []audit.Witness{f.witness}}); err != nil {
			t.Fatal(err)
		}
		f.log = fresh
		cp = f.appendAndCheckpoint(t, 7)
		if err := f.log.Witness(ctx, cp); err != nil {
			t.Fatal(err)
		}
		f.cosigned(t, 17)
	})
}

// A log forked from what the witness cosigned (same key, other entries) is
// refused: the consistency proof from the witness's checkpoint fails, and
// the witness keeps the checkpoint it had.
func TestWitnessRefusesAnInconsistentCheckpoint(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		cp := f.appendAndCheckpoint(t, 10)
		if err := f.log.Witness(ctx, cp); err != nil {
			t.Fatal(err)
		}
		fork := newFixture(t, openers["SQLite"])
		fork.appendAndCheckpoint(t, 9)
		forked := fork.appendAndCheckpoint(t, 11) // 20 entries, not extending the first 10
		older, err := fork.log.CheckpointAt(ctx, 9)
		if err != nil {
			t.Fatal(err)
		}
		p, err := fork.log.ProveConsistency(ctx, older, forked)
		if err != nil {
			t.Fatal(err)
		}
		// The forker claims its proof runs from the witness's 10.
		_, err = f.witness.AddCheckpoint(ctx, 10, p.Path, forked.Note)
		if errs.Code(err) != errs.Conflict || !strings.Contains(err.Error(), "422") {
			t.Fatalf("the witness answered %v, want 422", err)
		}
		if got := f.server.Latest(); got.Size != 10 || !bytes.Equal(got.Root, cp.Root) {
			t.Fatalf("the witness moved to %d", got.Size)
		}
		f.start(t) // and after a restart, still 10
		if got := f.server.Latest(); got.Size != 10 {
			t.Fatalf("restarted witness holds %d", got.Size)
		}
	})
}

func TestWitnessRefuses(t *testing.T) {
	f := newFixture(t, openers["SQLite"])
	cp := f.appendAndCheckpoint(t, 10)
	if err := f.log.Witness(ctx, cp); err != nil {
		t.Fatal(err)
	}
	other := newFixture(t, openers["SQLite"])
	other.log = audit.New(other.sql, ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, 32)), clock.NewFake(time.Now()))
	untrusted := other.appendAndCheckpoint(t, 12)
	for name, tt := range map[string]struct {
		old   int64
		proof [][]byte
		note  []byte
		want  string
	}{
		"UntrustedKey": {10, nil, untrusted.Note, "403"},
		"NoNote":       {10, nil, nil, "403"},
		"WrongSize":    {3, nil, cp.Note, "cosigned a checkpoint of 10"},
		"FromZero":     {0, nil, cp.Note, "cosigned a checkpoint of 10"},
		"BadProof":     {10, [][]byte{make([]byte, 32)}, f.appendAndCheckpoint(t, 1).Note, "422"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.witness.AddCheckpoint(ctx, tt.old, tt.proof, tt.note)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("AddCheckpoint = %v, want %s", err, tt.want)
			}
		})
	}
	if got := f.server.Latest(); got.Size != 10 {
		t.Fatalf("the witness moved to %d", got.Size)
	}
}

func FuzzParseRequest(f *testing.F) {
	f.Add([]byte("old 0\n\njikimi access log\n1\n...\n"))
	f.Add([]byte("old 3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\nnote"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := parseRequest(b)
		if err != nil {
			return
		}
		if r.old < 0 || len(r.proof) > 63 {
			t.Fatalf("accepted %q as %+v", b, r)
		}
		for _, h := range r.proof {
			if len(h) != 32 {
				t.Fatalf("a proof hash of %d bytes", len(h))
			}
		}
	})
}
