package sim

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	accounts "jikimi/citizen"
	"jikimi/clock"
	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners/identity"
	"jikimi/partners/partnerstest"
	"jikimi/password"
	"jikimi/retention"
	"jikimi/rights"
	"jikimi/vault/vaulttest"
	"jikimi/welfare/members/memberstest"
)

var start = time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)

// simulate runs a small simulation on a fresh SQLite gate; tune adjusts
// its configuration.
func simulate(t *testing.T, subjects int, tune func(*Config)) *Report {
	t.Helper()
	return simulateEnv(t, subjects, func(_ *vaulttest.Env, c *Config) {
		if tune != nil {
			tune(c)
		}
	})
}

// simulateEnv is simulate with the gate's environment at hand.
func simulateEnv(t *testing.T, subjects int, tune func(*vaulttest.Env, *Config)) *Report {
	t.Helper()
	env := vaulttest.SQLite(t, vaulttest.Config{Start: start})
	r, err := retention.New(retention.Config{Vault: env.Vault, SQL: env.SQL(), Policies: env.Policies, Clock: env.Clock})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Vault: env.Vault, Runner: r, Policies: env.Policies, Clock: env.Clock, Officer: "stf_sim_officer",
		Subjects: subjects, Years: 1, Seed: 7}
	tune(env, &cfg)
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func table(t *testing.T, rep *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestKeepsEveryPromise: a year of 30 people exercises every retention rule
// of both declarations, and nothing outlives its deadline.
func TestKeepsEveryPromise(t *testing.T) {
	t.Parallel()
	rep := simulate(t, 30, func(c *Config) { c.Params = busy() })
	if rep.Outlived() != 0 {
		t.Errorf("records outlived their deadline:\n%s", table(t, rep))
	}
	if len(rep.Rows) != 17 {
		t.Errorf("%d rules, want the 17 of both declarations", len(rep.Rows))
	}
	for _, row := range rep.Rows {
		if row.Created == 0 {
			t.Errorf("%s/%s/%s: not exercised", row.Service, row.Purpose, row.Rule)
		}
		if row.Early != 0 {
			t.Errorf("%s/%s/%s: %d records destroyed before they were due", row.Service, row.Purpose, row.Rule, row.Early)
		}
	}
	if !destroyedSome(rep, "until watch_linked", "immediate", "immediate, keep 1m/3m", "30d after draft_changed", "90d after result_notified") {
		t.Errorf("a rule that falls due within the year saw no destruction:\n%s", table(t, rep))
	}
}

// busy makes the rare events common enough that 30 people exercise every
// rule within a year.
func busy() *Params {
	p := DefaultParams()
	p.Fraud, p.Help, p.Draft = 1.0/400, 1.0/100, 1.0/100
	p.WithdrawHealth, p.WithdrawWelfare, p.Unsubscribe = 1.0/300, 1.0/300, 1.0/200
	return &p
}

func destroyedSome(rep *Report, shapes ...string) bool {
	for _, row := range rep.Rows {
		for _, s := range shapes {
			if row.Shape == s && row.Destroyed == 0 {
				return false
			}
		}
	}
	return true
}

// TestWithheldApprovalOutlives: an officer who approves plans only after
// the grace has run out makes records outlive their deadline, and the
// report says so.
func TestWithheldApprovalOutlives(t *testing.T) {
	t.Parallel()
	rep := simulate(t, 8, func(c *Config) {
		p := DefaultParams()
		p.ApprovalDelay = 9
		c.Params = &p
	})
	if rep.Outlived() == 0 {
		t.Fatalf("late approvals went unnoticed:\n%s", table(t, rep))
	}
}

// stalled is a destruction runner that never runs.
type stalled struct{ Destroyer }

func (stalled) Run(context.Context, time.Time) (*retention.Result, error) {
	return &retention.Result{}, nil
}

func TestStalledDestructionOutlives(t *testing.T) {
	t.Parallel()
	rep := simulate(t, 8, func(c *Config) { c.Runner = stalled{c.Runner} })
	if rep.Outlived() == 0 {
		t.Fatalf("a runner that never destroys went unnoticed:\n%s", table(t, rep))
	}
	for _, row := range rep.Rows {
		if row.Destroyed != 0 {
			t.Errorf("%s: %d destroyed by a stalled runner", row.Rule, row.Destroyed)
		}
	}
}

// TestDeterministic: the same seed gives the same report.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, b := simulate(t, 8, nil), simulate(t, 8, nil)
	if ta, tb := table(t, a), table(t, b); ta != tb {
		t.Errorf("same seed, different reports:\n%s\n%s", ta, tb)
	}
	var sa, sb bytes.Buffer
	if err := a.WriteSVG(&sa); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteSVG(&sb); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sa.Bytes(), sb.Bytes()) {
		t.Error("same seed, different charts")
	}
}

// A scheduled run that fails does not stop the simulation (the system
// would try again at its next tick) but the report says so.
func TestFailedRunIsReported(t *testing.T) {
	t.Parallel()
	rep := simulate(t, 2, func(c *Config) {
		c.Daily = []func(context.Context) error{func(context.Context) error { return errors.New("run refused") }}
	})
	if rep.FailedRuns != rep.Days || len(rep.Failures) == 0 || !strings.Contains(table(t, rep), "scheduled run FAILED: day 0: run refused") {
		t.Fatalf("%d failed runs reported, want %d:\n%s", rep.FailedRuns, rep.Days, table(t, rep))
	}
}

// withRights wires the rights service to a simulation's gate; guardians,
// when set, check legal representatives.
func withRights(t *testing.T, env *vaulttest.Env, c *Config, guardians rights.Guardians) {
	t.Helper()
	q := jobstest.New(t, env.SQL(), env.Clock)
	id := identity.Connector{Client: partnerstest.Client(t, "identity", func(pub ed25519.PublicKey, clk clock.Clock) http.Handler { return identity.NewSim(pub, clk) })}
	svc, err := rights.New(rights.Config{Vault: env.Vault, History: env.Log, SQL: env.SQL(), Policies: env.Policies, Clock: env.Clock, Jobs: q,
		Identities: verified{id}, Guardians: guardians})
	if err != nil {
		t.Fatal(err)
	}
	c.Proxies = id
	jobs.Handle(q, svc.Deliver)
	jobs.Handle(q, svc.TellRecipient)
	jobstest.Start(t, q)
	c.Rights = svc
	c.Outboxes = append(c.Outboxes, q)
}

// verified confirms a proxy's identity verification through the connector.
type verified struct{ v identity.Verifier }

func (p verified) Verified(ctx context.Context, id string) (string, error) {
	_, err := p.v.Result(ctx, id)
	return id, err
}

// TestRightsKeepTheirClock: people file requests of every kind through the
// rights service, the simulated officer answers each in time, and the
// report's rights table says so; an officer who takes up to 15 days misses
// deadlines, and the table counts them.
func TestRightsKeepTheirClock(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		delay  int
		missed bool
	}{{"in time", 7, false}, {"slow officer", 15, true}} {
		t.Run(tc.name, func(t *testing.T) {
			rep := simulateEnv(t, 30, func(env *vaulttest.Env, c *Config) {
				p := busy()
				p.Rights, p.RightsDelay = 1.0/20, tc.delay
				c.Params = p
				withRights(t, env, c, nil)
			})
			rt := rep.Rights
			if rt == nil {
				t.Fatal("no rights table")
			}
			for _, k := range rights.Kinds {
				if rt.Filed[k] == 0 {
					t.Errorf("no %s request filed: %+v", k, rt.Filed)
				}
			}
			if rt.ByProxy == 0 {
				t.Errorf("no request brought by a proxy: %+v", rt)
			}
			if (rt.Missed > 0) != tc.missed || rt.Answered == 0 || len(rt.Refused) == 0 {
				t.Errorf("rights table: %+v", rt)
			}
			if !tc.missed && rt.MaxDaysToAnswer > 10+rights.ExtensionDays {
				t.Errorf("max %d days to answer", rt.MaxDaysToAnswer)
			}
			if out := table(t, rep); !strings.Contains(out, "rights: ") {
				t.Errorf("the table has no rights line:\n%s", out)
			}
		})
	}
}

// TestUnder14MembersFileThroughTheirRepresentative: with 복지로's
// membership service and the representatives' phones wired, some members
// join under 14 with their legal representative's consent (the sign-up's
// own path, a code texted to the representative), and their requests are
// made by that representative, whom the rights service verifies against
// the sign-up's record; the rights table counts them, with no missed
// deadline. Without phones nobody joins under 14.
func TestUnder14MembersFileThroughTheirRepresentative(t *testing.T) {
	t.Parallel()
	for _, phones := range []bool{true, false} {
		rep := simulateUnder14(t, phones, 1.0/10, 120) // enough days for representatives' requests to be filed and answered
		rt := rep.Rights
		if phones && (rt.ByRepresentative == 0 || !strings.Contains(table(t, rep), fmt.Sprintf("%d by an under-14's legal representative", rt.ByRepresentative))) {
			t.Errorf("no request made by a legal representative: %+v\n%s", rt, table(t, rep))
		}
		if !phones && rt.ByRepresentative != 0 {
			t.Errorf("%d requests by a representative without their phones", rt.ByRepresentative)
		}
		if rt.Missed != 0 || rt.Answered == 0 {
			t.Errorf("rights table: %+v", rt)
		}
	}
}

// simulateUnder14 is a simulation of 30 people who all join 복지로, half
// of them under 14 (their representatives' phones wired when phones is
// set), filing rights requests at the rate given, for days days.
func simulateUnder14(t *testing.T, phones bool, rate float64, days int) *Report {
	t.Helper()
	return simulateEnv(t, 30, func(env *vaulttest.Env, c *Config) {
		acc := accounts.New(accounts.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock, Hasher: password.NewHasher(password.MinParams(), 2, rand.Reader)})
		m := memberstest.New(t, env, acc)
		p := busy()
		p.Rights, p.Under14, p.JoinWelfare = rate, 0.5, 1
		c.Params, c.Services.Members = p, m.Members
		c.Days = days
		if phones {
			c.Phones = m.SMS
		}
		withRights(t, env, c, m.Members)
	})
}

// TestOfficerOrderFollowsFiling: requests filed on one simulated day tie on
// their receipt and due times, and their IDs are random; the officer works
// them, and a person objects to a result, in the order the simulation
// filed them, so that a seeded run draws the same numbers for the same
// requests every time (before, the count of requests made by an under-14's
// legal representative differed between runs of one binary).
func TestOfficerOrderFollowsFiling(t *testing.T) {
	t.Parallel()
	r := newRightsSim(nil, "stf_sim_officer", 7)
	day := start.Add(9 * time.Hour)
	var filed []*rights.Request
	for _, id := range []string{"rr_f", "rr_c", "rr_e", "rr_a", "rr_d", "rr_b"} { // filed in this order
		req := &rights.Request{ID: id, Subject: "sub_one", Kind: rights.Deletion, Status: rights.PartiallyAnswered, ReceivedAt: day, DueAt: rights.DueAt(day)}
		r.seq[id] = len(r.seq) + 1
		r.done[id] = req
		filed = append(filed, req)
	}
	queue := slices.Clone(filed)
	slices.SortFunc(queue, func(a, b *rights.Request) int { return strings.Compare(a.ID, b.ID) }) // as the service lists ties
	slices.SortStableFunc(queue, r.byFiling)
	if !slices.Equal(queue, filed) {
		t.Errorf("officer's order %v, want the filing order", ids(queue))
	}
	if got := r.objectable("sub_one"); got != "rr_f" {
		t.Errorf("objects to %s, want the first filed, rr_f", got)
	}
	later := &rights.Request{ID: "rr_0", DueAt: filed[0].DueAt.Add(-time.Hour)} // due sooner: first, whatever its filing
	r.seq[later.ID] = 99
	queue = append(queue, later)
	slices.SortStableFunc(queue, r.byFiling)
	if queue[0] != later {
		t.Errorf("officer's order %v, want the request due first at the head", ids(queue))
	}
}

func ids(rs []*rights.Request) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// Days stops a longer simulation early: the report covers those days only
// (a profile of a long run's first days); a negative count is refused.
func TestDaysStopsEarly(t *testing.T) {
	t.Parallel()
	rep := simulate(t, 8, func(c *Config) { c.Years, c.Days = 6, 40 })
	if rep.Days != 40 || rep.Years != 6 || len(rep.Rows) == 0 || len(rep.Rows[0].Alive) != 40/7+1 {
		t.Fatalf("report of 40 days of 6 years: %d days, %d years, %d rows", rep.Days, rep.Years, len(rep.Rows))
	}
	env := vaulttest.SQLite(t, vaulttest.Config{Start: start})
	_, err := Run(context.Background(), Config{Vault: env.Vault, Policies: env.Policies, Clock: env.Clock, Subjects: 1, Years: 1, Days: -1})
	if err == nil {
		t.Fatal("a negative number of days was accepted")
	}
}
