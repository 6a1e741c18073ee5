package vault

import (
	"context"
	"maps"
	"strconv"
	"sync"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/store"
)

// Gated reads decide on cached facts: every write to those facts must reach
// the next read. Each case reads once (filling the cache), changes a fact
// through the vault, and reads again.
func TestGatedReadsSeeEveryFactChange(t *testing.T) {
	type step func(t *testing.T, e *env, subject, record string)
	withdraw := func(t *testing.T, e *env, subject, _ string) {
		if err := e.v.Withdraw(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject}, "sensitive:health-service"); err != nil {
			t.Fatal(err)
		}
	}
	suspend := func(t *testing.T, e *env, subject, _ string) {
		if _, err := e.v.Suspend(ctx, Request{Actor: self(subject), Service: seoulSvc, Purpose: "health-service", Subject: subject}); err != nil {
			t.Fatal(err)
		}
	}
	var correction string
	requestCorrection := func(t *testing.T, e *env, subject, _ string) {
		var err error
		if correction, err = e.v.RequestCorrection(ctx, Request{Actor: self(subject), Service: seoulSvc, Purpose: "health-service", Subject: subject, Items: []string{"weight"}}); err != nil {
			t.Fatal(err)
		}
	}
	for name, tt := range map[string]struct {
		before       []step
		change       step
		first, after string // "" allowed, else the logged denial
	}{
		"Withdraw": {change: withdraw, after: ReasonConsentWithdrawn},
		"GiveAgain": {before: []step{withdraw}, first: ReasonConsentWithdrawn, change: func(t *testing.T, e *env, subject, _ string) {
			e.clk.Advance(time.Second) // the ledger orders consents by when they were given
			e.consent(t, subject, "sensitive:health-service")
		}},
		"Suspend": {change: suspend, after: ReasonSuspended},
		"Lift": {before: []step{suspend}, first: ReasonSuspended, change: func(t *testing.T, e *env, subject, _ string) {
			if err := e.v.Lift(ctx, Request{Actor: self(subject), Service: seoulSvc, Purpose: "health-service", Subject: subject}); err != nil {
				t.Fatal(err)
			}
		}},
		"RequestCorrection": {change: requestCorrection, after: ReasonCorrectionPending},
		"Correct": {before: []step{requestCorrection}, first: ReasonCorrectionPending, change: func(t *testing.T, e *env, subject, record string) {
			if err := e.v.Correct(ctx, healthReq(operator, subject, Change), correction, record, map[string]string{"weight": "70.1"}, "corrected"); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(name, func(t *testing.T) {
			e := sqliteEnv(t)
			subject, record := e.weighed(t)
			for _, s := range tt.before {
				s(t, e, subject, record)
			}
			e.wantRead(t, subject, record, tt.first)
			tt.change(t, e, subject, record)
			e.wantRead(t, subject, record, tt.after)
		})
	}
}

// wantRead reads the record's weight as the operator: allowed when reason
// is "", else not found with reason logged.
func (e *env) wantRead(t *testing.T, subject, record, reason string) {
	t.Helper()
	_, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), record)
	if reason == "" {
		if err != nil {
			t.Fatalf("read refused: %v", err)
		}
		return
	}
	errstest.Want(t, err, errs.NotFound, "")
	if last := e.lastEntry(t); last.Outcome != "denied" || last.Reason != reason {
		t.Fatalf("logged %+v, want denied %s", last, reason)
	}
}

// heldLog holds its first append of prepared entries (the gated reads')
// until released, and records how many entries each carried.
type heldLog struct {
	AccessLog
	entered, release chan struct{}
	mu               sync.Mutex
	calls            []int
}

func (h *heldLog) AppendPrepared(ctx context.Context, tx store.Querier, es ...audit.Prepared) error {
	h.mu.Lock()
	first := len(h.calls) == 0
	h.calls = append(h.calls, len(es))
	h.mu.Unlock()
	if first {
		close(h.entered)
		<-h.release
	}
	return h.AccessLog.AppendPrepared(ctx, tx, es...)
}

// Readers that arrive while a log commit runs share the next one, and none
// of them has its data before that commit.
func TestConcurrentReadsShareOneLogCommit(t *testing.T) {
	e := sqliteEnv(t)
	subject, record := e.weighed(t)
	held := &heldLog{AccessLog: e.log, entered: make(chan struct{}), release: make(chan struct{})}
	v, err := Open(ctx, e.config(func(c *Config) { c.Log = held }))
	if err != nil {
		t.Fatal(err)
	}
	seq0 := e.lastSeq(t)
	results := make(chan error, 4)
	read := func() {
		rec, err := v.Get(ctx, healthReq(operator, subject, View, "weight"), record)
		if err == nil && rec.Values["weight"] != "71.5" {
			err = errs.E(errs.Internal, "read %v", rec.Values)
		}
		results <- err
	}
	go read()
	<-held.entered // the first reader leads a commit, held open
	for range 3 {
		go read()
	}
	for v.group.queued() < 3 {
		time.Sleep(time.Millisecond)
	}
	if len(results) != 0 {
		t.Fatal("a reader had its data before its log entry was committed")
	}
	close(held.release)
	for range 4 {
		if err := <-results; err != nil {
			t.Fatal(err)
		}
	}
	if len(held.calls) != 2 || held.calls[0] != 1 || held.calls[1] != 3 {
		t.Fatalf("appends carried %v entries, want [1 3]", held.calls)
	}
	if n := e.lastSeq(t) - seq0; n != 4 {
		t.Fatalf("%d entries logged for 4 reads", n)
	}
}

// A read whose log entry cannot be committed hands out nothing; a bad entry
// fails only its own read, before it joins a commit.
func TestNoReadWithoutItsLogEntry(t *testing.T) {
	e := sqliteEnv(t)
	subject, record := e.weighed(t)
	v, err := Open(ctx, e.config(func(c *Config) { c.Log = failingLog{} }))
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := v.Get(ctx, healthReq(operator, subject, View, "weight"), record); err == nil || rec != nil {
		t.Fatalf("a read without its log entry returned %v, %v", rec, err)
	}
	bad := operator
	bad.Source = "not an address"
	e.v.group.mu.Lock() // hold the group as if a commit ran: the good read queues, the bad one must not
	e.v.group.busy = true
	e.v.group.mu.Unlock()
	good := make(chan error, 1)
	go func() { _, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), record); good <- err }()
	seq0 := e.lastSeq(t)
	rec, err := e.v.Get(ctx, healthReq(bad, subject, View, "weight"), record)
	errstest.Want(t, err, errs.Invalid, "")
	if rec != nil {
		t.Fatalf("a read with a bad log entry returned %v", rec)
	}
	for e.v.group.queued() < 1 {
		time.Sleep(time.Millisecond)
	}
	if n := e.v.group.queued(); n != 1 {
		t.Fatalf("%d entries queued, want the good read's only", n)
	}
	e.v.group.commit(ctx)
	if err := <-good; err != nil {
		t.Fatal(err)
	}
	if n := e.lastSeq(t) - seq0; n != 1 {
		t.Fatalf("%d entries logged, want the good read's only", n)
	}
}

func (e *env) lastSeq(t *testing.T) int64 {
	t.Helper()
	last, err := e.log.Last(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return last.Seq
}

// A data key read before a shredding evicted it is not cached after.
func TestKeyReadBeforeEvictionIsNotKept(t *testing.T) {
	c := newKeyCache(8)
	since := c.since()
	c.evict("sub_a", "p")
	c.putRead(keyName("sub_a", "p"), []byte("k"), since)
	if _, ok := c.get(keyName("sub_a", "p")); ok {
		t.Fatal("a key read before its eviction was cached")
	}
	c.putRead(keyName("sub_a", "p"), []byte("k"), c.since())
	if _, ok := c.get(keyName("sub_a", "p")); !ok {
		t.Fatal("a key read after the eviction was not cached")
	}
}

// A full key cache lets the least recently used key go, not all of them,
// and counts its hits and misses; shredding a subject's purposes evicts
// every one of them and zeroes them.
func TestKeyCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := newKeyCache(3)
	for _, s := range []string{"sub_a", "sub_b", "sub_c"} {
		c.put(keyName(s, "p"), []byte("k-"+s))
	}
	c.get(keyName("sub_a", "p")) // sub_b is now the least recently used
	c.put(keyName("sub_d", "p"), []byte("k-sub_d"))
	for s, want := range map[string]bool{"sub_a": true, "sub_b": false, "sub_c": true, "sub_d": true} {
		if _, ok := c.get(keyName(s, "p")); ok != want {
			t.Errorf("%s cached = %v, want %v", s, ok, want)
		}
	}
	if h, m := c.hits.Load(), c.misses.Load(); h != 4 || m != 1 {
		t.Errorf("hits %d, misses %d; want 4, 1", h, m)
	}
	k1, k2 := []byte("k-1"), []byte("k-2")
	c.put(keyName("sub_e", "p1"), k1)
	c.put(keyName("sub_e", "p2"), k2)
	c.evict("sub_e", "")
	if _, ok := c.get(keyName("sub_e", "p1")); ok || string(k1) != "\x00\x00\x00" || string(k2) != "\x00\x00\x00" {
		t.Errorf("after shredding all purposes: cached %v, keys %q %q", ok, k1, k2)
	}
}

// A gate whose key cache holds one key reads two subjects' records in turn
// correctly, each read after the first unwrapping its key again (a miss);
// its configuration refuses a negative size.
func TestSmallKeyCacheStillReads(t *testing.T) {
	e := sqliteEnv(t)
	small, err := Open(ctx, e.config(func(c *Config) { c.KeyCache = 1 }))
	if err != nil {
		t.Fatal(err)
	}
	a, idA := e.weighed(t)
	b, idB := e.weighed(t)
	before := small.CacheStats()
	for range 2 {
		for _, x := range [][2]string{{a, idA}, {b, idB}} {
			if _, err := small.Get(ctx, healthReq(operator, x[0], View, "weight"), x[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if st := small.CacheStats(); st.KeyMisses-before.KeyMisses != 4 || st.Keys != 1 {
		t.Fatalf("stats %+v (before %+v): want 4 misses, 1 key held", st, before)
	}
	if _, err := Open(ctx, e.config(func(c *Config) { c.KeyCache = -1 })); err == nil {
		t.Fatal("a negative key cache size was taken")
	}
}

// Facts loaded before a write to them are not cached after it, nor are
// loads that straddle the generations being cleared.
func TestFactsLoadedBeforeAWriteAreNotKept(t *testing.T) {
	c := newFactCache(2)
	_, s := c.get("sub_a")
	c.forget("sub_a")
	c.put("sub_a", &subjectFacts{}, s)
	if f, _ := c.get("sub_a"); f != nil {
		t.Fatal("facts loaded before a write were cached")
	}
	_, s = c.get("sub_a")
	c.put("sub_a", &subjectFacts{}, s)
	if f, _ := c.get("sub_a"); f == nil {
		t.Fatal("facts loaded after the write were not cached")
	}
	_, s = c.get("sub_b")
	c.forget("sub_c")
	c.forget("sub_d") // two generations kept: cleared, the epoch moves on
	c.put("sub_b", &subjectFacts{}, s)
	if f, _ := c.get("sub_b"); f != nil {
		t.Fatal("facts loaded before the generations were cleared were cached")
	}
	if f, _ := c.get("sub_a"); f == nil {
		t.Fatal("clearing the generations dropped cached facts")
	}
}

// A full fact cache lets the least recently used subject go, not all of
// them, and counts hits and misses.
func TestFactCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := newFactCache(3)
	for _, s := range []string{"sub_a", "sub_b", "sub_c"} {
		_, st := c.get(s)
		c.put(s, &subjectFacts{service: s}, st)
	}
	c.get("sub_a") // sub_b is now the least recently used
	_, st := c.get("sub_d")
	c.put("sub_d", &subjectFacts{service: "sub_d"}, st)
	for s, want := range map[string]bool{"sub_a": true, "sub_b": false, "sub_c": true, "sub_d": true} {
		if f, _ := c.get(s); (f != nil) != want || f != nil && f.service != s {
			t.Errorf("%s cached = %v, want %v", s, f, want)
		}
	}
	if h, m := c.hits.Load(), c.misses.Load(); h != 4 || m != 5 {
		t.Errorf("hits %d, misses %d; want 4, 5", h, m)
	}
}

// A gate whose fact cache holds one subject decides reads of two subjects
// in turn correctly, each read after the first reading the facts again
// (a miss); its configuration refuses a negative size.
func TestSmallFactCacheStillDecides(t *testing.T) {
	e := sqliteEnv(t)
	small, err := Open(ctx, e.config(func(c *Config) { c.FactCache = 1 }))
	if err != nil {
		t.Fatal(err)
	}
	a, idA := e.weighed(t)
	b, idB := e.weighed(t)
	for range 2 {
		for _, x := range [][2]string{{a, idA}, {b, idB}} {
			if _, err := small.Get(ctx, healthReq(operator, x[0], View, "weight"), x[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if st := small.CacheStats(); st.FactMisses != 4 || st.FactHits != 0 || st.Facts != 1 {
		t.Fatalf("stats %+v: want 4 fact misses, no hit, 1 subject held", st)
	}
	if _, err := small.Get(ctx, healthReq(operator, b, View, "weight"), idB); err != nil {
		t.Fatal(err)
	}
	if st := small.CacheStats(); st.FactHits != 1 {
		t.Fatalf("stats %+v: the same subject again was not a hit", st)
	}
	// A second person's record asked for under the first's ID is refused
	// with the cache holding the first's facts.
	if _, err := small.Get(ctx, healthReq(operator, a, View, "weight"), idB); err == nil {
		t.Fatal("a record read under another subject")
	}
	if _, err := Open(ctx, e.config(func(c *Config) { c.FactCache = -1 })); err == nil {
		t.Fatal("a negative fact cache size was taken")
	}
}

// A read with work of its own (Then) runs it in the read's transaction:
// its failure hands out nothing.
func TestReadRunsItsThen(t *testing.T) {
	e := sqliteEnv(t)
	subject, record := e.weighed(t)
	r := healthReq(operator, subject, View, "weight")
	ran := 0
	r.Then = func(context.Context, store.Querier) error { ran++; return nil }
	if _, err := e.v.Get(ctx, r, record); err != nil || ran != 1 {
		t.Fatalf("Get with Then: ran %d times, %v", ran, err)
	}
	boom := errs.E(errs.Unavailable, "boom")
	r.Then = func(context.Context, store.Querier) error { return boom }
	if rec, err := e.v.Get(ctx, r, record); err != boom || rec != nil {
		t.Fatalf("Get with a failing Then = %v, %v", rec, err)
	}
}

// panickyLog panics on its first append of prepared entries.
type panickyLog struct {
	AccessLog
	calls int
}

func (p *panickyLog) AppendPrepared(ctx context.Context, tx store.Querier, es ...audit.Prepared) error {
	if p.calls++; p.calls == 1 {
		panic("log bug")
	}
	return p.AccessLog.AppendPrepared(ctx, tx, es...)
}

// A panic in the log fails the read and leaves the group free for the next.
func TestLogPanicDoesNotStallReads(t *testing.T) {
	e := sqliteEnv(t)
	subject, record := e.weighed(t)
	v, err := Open(ctx, e.config(func(c *Config) { c.Log = &panickyLog{AccessLog: e.log} }))
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the log's panic was swallowed")
			}
		}()
		v.Get(ctx, healthReq(operator, subject, View, "weight"), record)
	}()
	if v.group.busy || v.group.queued() != 0 {
		t.Fatal("the group is left busy after a panic")
	}
	if _, err := v.Get(ctx, healthReq(operator, subject, View, "weight"), record); err != nil {
		t.Fatal(err)
	}
}

// holdGroup makes the vault's log group act as if a commit ran, so reads
// queue until commit is called by hand.
func (e *env) holdGroup() {
	e.v.group.mu.Lock()
	e.v.group.busy = true
	e.v.group.mu.Unlock()
}

func (e *env) waitQueued(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for e.v.group.queued() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d reads queued, want %d", e.v.group.queued(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// Reads that share a commit each get their own record, fetched in the
// commit: a record of another subject, or none, is not found and unlogged;
// a denied read is logged as denied.
func TestGroupReadsEachItsOwnRecord(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		a, recA := e.weighed(t)
		b := e.newSubject(t)
		e.consent(t, b, "purpose:health-service", "sensitive:health-service")
		recB, err := e.v.Put(ctx, healthReq(self(b), b, Input), "service", map[string]string{"weight": "55.0"})
		if err != nil {
			t.Fatal(err)
		}
		noConsent := e.newSubject(t)
		type result struct {
			rec *Record
			err error
		}
		reads := []struct {
			subject, id string
		}{{a, recA}, {b, recB}, {b, recA}, {a, "rec_missing"}, {noConsent, recA}}
		seq0 := e.lastSeq(t)
		e.holdGroup()
		results := make([]chan result, len(reads))
		for i, r := range reads {
			results[i] = make(chan result, 1)
			go func() {
				rec, err := e.v.Get(ctx, healthReq(operator, r.subject, View, "weight"), r.id)
				results[i] <- result{rec, err}
			}()
		}
		e.waitQueued(t, len(reads))
		e.v.group.commit(ctx)
		got := make([]result, len(reads))
		for i := range reads {
			got[i] = <-results[i]
		}
		if got[0].err != nil || got[0].rec.Values["weight"] != "71.5" || got[0].rec.Subject != a {
			t.Fatalf("a's read = %+v, %v", got[0].rec, got[0].err)
		}
		if got[1].err != nil || got[1].rec.Values["weight"] != "55.0" || got[1].rec.Subject != b {
			t.Fatalf("b's read = %+v, %v", got[1].rec, got[1].err)
		}
		for _, i := range []int{2, 3, 4} {
			errstest.Want(t, got[i].err, errs.NotFound, "")
		}
		logged, err := e.log.Entries(ctx, seq0+1, e.lastSeq(t))
		if err != nil {
			t.Fatal(err)
		}
		outcomes := map[string]audit.Outcome{}
		for _, x := range logged {
			outcomes[x.Subject] = x.Outcome
		}
		want := map[string]audit.Outcome{a: audit.Allowed, b: audit.Allowed, noConsent: audit.Denied}
		if len(logged) != 3 || !maps.Equal(outcomes, want) {
			t.Fatalf("logged %+v, want a's and b's reads allowed and the one without consent denied", logged)
		}
	})
}

// A read returns the record as its log entry's commit finds it, not as it
// was when the read was decided.
func TestGroupReadsAtCommit(t *testing.T) {
	e := sqliteEnv(t)
	subject, record := e.weighed(t)
	e.holdGroup()
	got := make(chan *Record, 1)
	go func() {
		rec, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), record)
		if err != nil {
			t.Error(err)
		}
		got <- rec
	}()
	e.waitQueued(t, 1)
	if err := e.v.Update(ctx, healthReq(self(subject), subject, Change), record, map[string]string{"weight": "70.0"}); err != nil {
		t.Fatal(err)
	}
	e.v.group.commit(ctx)
	if rec := <-got; rec == nil || rec.Values["weight"] != "70.0" {
		t.Fatalf("read %+v, want the weight as changed before the commit", rec)
	}
}

// More reads than one fetch query asks for, some of the same record, all
// get theirs.
func TestGroupFetchesInChunks(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, _ := e.weighed(t)
		values := make([]map[string]string, fetchChunk+9)
		for i := range values {
			values[i] = map[string]string{"weight": strconv.Itoa(40 + i)}
		}
		ids, err := e.v.PutMany(ctx, healthReq(self(subject), subject, Input), "service", values)
		if err != nil {
			t.Fatal(err)
		}
		e.holdGroup()
		n := len(ids) + 5
		errc := make(chan error, n)
		for i := range n {
			go func() {
				k := i % len(ids)
				rec, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), ids[k])
				if err == nil && rec.Values["weight"] != strconv.Itoa(40+k) {
					err = errs.E(errs.Internal, "read %d got %v", k, rec.Values)
				}
				errc <- err
			}()
		}
		e.waitQueued(t, n)
		e.v.group.commit(ctx)
		for range n {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		}
	})
}

// Every gated read, however it ends, stops counting as in flight; and a
// reader counted in flight that never queues holds a commit back only a
// bounded while.
func TestReadsInFlight(t *testing.T) {
	e := sqliteEnv(t)
	subject, record := e.weighed(t)
	stranger := e.newSubject(t)
	bad := operator
	bad.Source = "not an address"
	for _, read := range []func() error{
		func() error { _, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), record); return err },
		func() error {
			_, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), "rec_missing")
			return err
		},
		func() error {
			_, err := e.v.Get(ctx, healthReq(operator, stranger, View, "weight"), record)
			return err
		},
		func() error { _, err := e.v.Get(ctx, healthReq(bad, subject, View, "weight"), record); return err },
		func() error { _, err := e.v.List(ctx, healthReq(operator, subject, View, "weight")); return err },
		func() error { _, err := e.v.List(ctx, healthReq(operator, stranger, View, "weight")); return err },
	} {
		_ = read()
		if n := e.v.group.active.Load(); n != 0 {
			t.Fatalf("%d reads still counted in flight after they returned", n)
		}
	}
	e.v.group.active.Add(1) // a reader that never queues
	defer e.v.group.active.Add(-1)
	done := make(chan error, 1)
	go func() { _, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), record); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a commit waited for a reader that never queued")
	}
}
