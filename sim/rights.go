package sim

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"text/tabwriter"
	"time"

	"jikimi/partners/identity"
	"jikimi/rights"
	"jikimi/vault"
)

// The simulated people file rights requests of every kind through the
// rights service's own code, and a simulated privacy officer works the
// queue every evening: opens what came in, extends a few, refuses a few on
// a lawful ground of their kind, answers the rest, each within the days its
// own habits give it. The rights clock's daily run escalates and records
// missed deadlines; the report's rights table counts them (there must be
// none).

// RightsTable is the simulation's account of rights requests.
type RightsTable struct {
	Filed            map[rights.Kind]int
	ByProxy          int            // of those, made on paper by a proxy with a power of attorney
	ByRepresentative int            // of those, made online by an under-14's legal representative
	Answered         int            // answered or partially answered
	Partial          int            // of those, partially
	Refused          map[string]int // by reason code
	Extended         int
	Escalated        int
	Open             int // still open at the end (filed in the last days)
	MaxDaysToAnswer  int // Seoul days from receipt to the result
	Missed           int // results after the due date, or none by it
}

// officerHabits: how the simulated officer treats a request.
type officerHabits struct {
	answerOn int    // the day it sends the result
	extendOn int    // the day it sends an extension notice; -1: never
	refuse   string // the ground it refuses on; "": it answers
}

// rightsSim is the rights part of a simulation.
type rightsSim struct {
	svc     *rights.Service
	officer vault.Actor
	habits  map[string]*officerHabits // request ID -> the officer's plan for it
	filed   map[rights.Kind]int
	done    map[string]*rights.Request // answered or refused, objectable
	objects map[string]bool            // requests already objected to
	rng     *rand.Rand                 // filings and the officer's habits, apart from the people's other choices
	members map[string]*member         // subject -> who filed, to object later
	object  []objection                // objections the people will file
	byProxy int                        // requests a proxy brought
	byRep   int                        // requests a legal representative made
	reps    map[string]string          // an under-14 member's subject -> their representative's mobile
	left    map[string]bool            // under-14 members who left 복지로: their representative objects no more online
	// seq numbers the requests in the order the simulation filed them.
	// Request IDs are random, so wherever the service's own order ties
	// (requests of one day share their receipt and due times) the
	// simulation orders by seq: a seeded run must draw the same numbers
	// for the same requests every time.
	seq map[string]int
}

// objection is a person's plan to object to a result on a day.
type objection struct {
	on      int
	request *rights.Request
}

// refusals are the grounds the simulated officer refuses each kind on.
var refusals = map[rights.Kind]string{
	rights.Access: "ongoing_audit", rights.Transmission: "law_forbids", rights.Correction: "kept_by_law",
	rights.Deletion: "kept_by_law", rights.Suspension: "public_duty", rights.Objection: "objection_unfounded",
}

func newRightsSim(svc *rights.Service, officer string, seed uint64) *rightsSim {
	return &rightsSim{rng: rand.New(rand.NewPCG(seed, 0x726967687473)), svc: svc, officer: vault.Actor{Kind: vault.Staff, ID: officer, Role: rights.OfficerRole, Source: "127.0.0.1"},
		habits: map[string]*officerHabits{}, filed: map[rights.Kind]int{}, done: map[string]*rights.Request{}, objects: map[string]bool{},
		members: map[string]*member{}, reps: map[string]string{}, left: map[string]bool{}, seq: map[string]int{}}
}

// rightsDawn runs the rights clock's daily run.
func (s *sim) rightsDawn(ctx context.Context, d int) {
	if s.rights == nil {
		return
	}
	if _, err := s.rights.svc.Daily(ctx); err != nil {
		s.failedRun(d, err)
	}
}

// fileRights: a person may file a request today, of a kind chosen for
// them, on their own data in a service they use.
func (s *sim) fileRights(ctx context.Context, p *person, d int) error {
	if s.rights == nil || s.rights.rng.Float64() >= s.p.Rights {
		return nil
	}
	var m *member
	var f rights.Filing
	switch {
	case p.health != nil && !p.health.withdrawn && (p.welfare == nil || s.rights.rng.Float64() < 0.5):
		m, f = p.health.member, s.healthFiling(p.health)
	case p.welfare != nil && !p.welfare.withdrawn:
		m, f = p.welfare.member, s.welfareFiling()
		if p.welfare.rep != "" {
			s.rights.reps[m.subject] = p.welfare.rep
		}
	default:
		return nil
	}
	if f.Kind == string(rights.Objection) {
		if f.ObjectsTo = s.rights.objectable(m.subject); f.ObjectsTo == "" {
			f.Kind = string(rights.Access)
		}
	}
	f.Service, f.Subject = m.service, m.subject
	filer, err := s.onBehalf(ctx, m, &f)
	if err != nil {
		return err
	}
	r, err := s.rights.svc.File(ctx, filer, f)
	if err != nil {
		return fmt.Errorf("rights: file %s: %w", f.Kind, err)
	}
	if f.Kind == string(rights.ConsentWithdrawal) {
		delete(m.consented, "purpose:city-info")
	}
	s.rights.members[m.subject] = m
	s.record(r, d)
	return nil
}

// onBehalf says who files f for m: an under-14's legal representative,
// a proxy on paper, or m themself.
func (s *sim) onBehalf(ctx context.Context, m *member, f *rights.Filing) (vault.Actor, error) {
	if rep := s.rights.reps[m.subject]; rep != "" {
		return m.self, s.byRepresentative(ctx, m, rep, f)
	}
	filer, err := s.byProxy(ctx, m.self, f)
	if err != nil {
		return filer, fmt.Errorf("rights: a proxy's identity: %w", err)
	}
	return filer, nil
}

// byRepresentative: an under-14 member's requests are made by their legal
// representative, online in the member's session as "내 개인정보" takes
// them: the membership service texts a code to the representative's mobile
// recorded at sign-up (CallRepresentative), the representative gives it
// back with the request, and the rights service checks it against that
// record.
func (s *sim) byRepresentative(ctx context.Context, m *member, mobile string, f *rights.Filing) error {
	id, err := s.cfg.Services.Members.CallRepresentative(ctx, m.subject)
	if err != nil {
		return fmt.Errorf("rights: the representative's code: %w", err)
	}
	code, err := s.readCode(mobile)
	if err != nil {
		return fmt.Errorf("rights: %w", err)
	}
	f.As, f.Verification = rights.ByRepresentative, id+":"+code
	return nil
}

// proxyShare is the share of requests (of the kinds a proxy may make) that
// a proxy brings on paper.
const proxyShare = 0.1

// byProxy: some requests are brought on paper by a proxy holding a power of
// attorney for that kind, from yesterday for 90 days, whose identity is
// verified through the identity connector; the officer records them. It
// answers who files.
func (s *sim) byProxy(ctx context.Context, self vault.Actor, f *rights.Filing) (vault.Actor, error) {
	k := rights.Kind(f.Kind)
	if s.cfg.Proxies == nil || k == rights.Objection || k == rights.ConsentWithdrawal || s.rights.rng.Float64() >= proxyShare {
		return self, nil
	}
	n := s.rights.rng.IntN(10000)
	claim := identity.Claim{Name: "대리가상", BirthDate: "1970-01-01", Sex: "F", Mobile: fmt.Sprintf("010-0001-%04d", n)}
	id, err := s.cfg.Proxies.Start(ctx, fmt.Sprintf("sim-proxy-%s-%d-%d", f.Subject, s.cfg.Clock.Now().UnixMicro(), n), claim)
	if err != nil {
		return self, err
	}
	today := s.cfg.Clock.Now()
	f.As, f.Channel, f.Verification = rights.ByProxy, rights.Paper, id
	f.Attorney = &rights.Attorney{Kinds: []rights.Kind{k}, From: today.AddDate(0, 0, -1), Until: today.AddDate(0, 0, 90)}
	return s.rights.officer, nil
}

// record counts a filed request and has the officer plan it.
func (s *sim) record(r *rights.Request, d int) {
	s.rights.seq[r.ID] = len(s.rights.seq) + 1
	s.rights.filed[r.Kind]++
	s.rights.byProxy += boolInt(r.Requester == rights.ByProxy)
	s.rights.byRep += boolInt(r.Requester == rights.ByRepresentative)
	if r.ObjectsTo != "" {
		s.rights.objects[r.ObjectsTo] = true
	}
	s.plan(r, d)
}

// objections files the objections planned for today: half the people
// whose request was refused or partly answered object the next day.
func (s *sim) objections(ctx context.Context, d int) error {
	if s.rights == nil {
		return nil
	}
	keep := s.rights.object[:0]
	for _, o := range s.rights.object {
		if o.on != d {
			keep = append(keep, o)
			continue
		}
		m := s.rights.members[o.request.Subject]
		if s.rights.left[m.subject] {
			continue
		}
		f := rights.Filing{Service: o.request.Service, Subject: m.subject, Kind: string(rights.Objection), ObjectsTo: o.request.ID}
		if rep := s.rights.reps[m.subject]; rep != "" {
			if err := s.byRepresentative(ctx, m, rep, &f); err != nil {
				return err
			}
		}
		r, err := s.rights.svc.File(ctx, m.self, f)
		if err != nil {
			return fmt.Errorf("rights: object: %w", err)
		}
		s.record(r, d)
	}
	s.rights.object = keep
	return nil
}

// healthFiling is a participant's request: any kind, on purposes chosen so
// that each kind's path runs (city-info is optional; health-service is
// required, so withdrawing its consent is withheld).
func (s *sim) healthFiling(p *participant) rights.Filing {
	kinds := []rights.Kind{rights.Access, rights.Transmission, rights.Correction, rights.Deletion, rights.Suspension, rights.ConsentWithdrawal, rights.Objection}
	f := rights.Filing{Kind: string(kinds[s.rights.rng.IntN(len(kinds))])}
	switch rights.Kind(f.Kind) {
	case rights.Correction:
		f.Items = []string{"enrolment/name"}
	case rights.Deletion, rights.Suspension:
		f.Purposes = []string{"city-info"}
	case rights.ConsentWithdrawal:
		f.Consents = []string{"purpose:health-service"}
		if p.consented["purpose:city-info"] {
			f.Consents = append(f.Consents, "purpose:city-info")
		}
	}
	return f
}

// welfareFiling is a member's request: deletion of fraud reports and
// suspension of online applications, which statutes keep (withheld).
func (s *sim) welfareFiling() rights.Filing {
	kinds := []rights.Kind{rights.Access, rights.Transmission, rights.Deletion, rights.Suspension, rights.Objection}
	f := rights.Filing{Kind: string(kinds[s.rights.rng.IntN(len(kinds))])}
	switch rights.Kind(f.Kind) {
	case rights.Deletion:
		f.Purposes = []string{"fraud-report"}
	case rights.Suspension:
		f.Purposes = []string{"online-application"}
	}
	return f
}

// objectable is a result of the subject's not yet objected to.
func (r *rightsSim) objectable(subject string) string {
	ids := make([]string, 0, len(r.done))
	for id, req := range r.done {
		if req.Subject == subject && !r.objects[id] && req.Kind != rights.Objection {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return slices.MinFunc(ids, func(a, b string) int { return cmp.Compare(r.seq[a], r.seq[b]) }) // the first filed
}

// plan draws how the officer will treat a new request: a result 0 to
// RightsDelay days after receipt, one in twenty extended first (on day 5,
// the result up to RightsDelay days later), one in ten refused.
func (s *sim) plan(r *rights.Request, d int) {
	if !isOpen(r.Status) {
		s.rights.done[r.ID] = r // carried out on filing (a consent withdrawal)
		return
	}
	rng := s.rights.rng
	h := &officerHabits{answerOn: d + rng.IntN(s.p.RightsDelay+1), extendOn: -1}
	if rng.Float64() < 0.05 {
		h.extendOn, h.answerOn = d+5, d+5+rng.IntN(s.p.RightsDelay+1)
	}
	if rng.Float64() < 0.1 {
		h.refuse = refusals[r.Kind]
	}
	s.rights.habits[r.ID] = h
}

func isOpen(st rights.Status) bool {
	return st == rights.Received || st == rights.Verifying || st == rights.InProgress || st == rights.Extended
}

// officerDay is the simulated officer's evening: open what is new, send
// the extension notices and results due today.
func (s *sim) officerDay(ctx context.Context, d int) error {
	if s.rights == nil {
		return nil
	}
	q, err := s.rights.svc.Queue(ctx, s.rights.officer, "")
	if err != nil {
		return err
	}
	slices.SortStableFunc(q, s.rights.byFiling)
	for _, r := range q {
		if err := s.work(ctx, r, d); err != nil {
			return fmt.Errorf("rights: officer on %s: %w", r.Kind, err)
		}
	}
	return nil
}

// byFiling orders the officer's queue as the service does (by due date,
// then receipt), ties by the order the simulation filed them in, not by
// their random IDs: the officer's draws follow this order.
func (r *rightsSim) byFiling(a, b *rights.Request) int {
	return cmp.Or(a.DueAt.Compare(b.DueAt), a.ReceivedAt.Compare(b.ReceivedAt), cmp.Compare(r.seq[a.ID], r.seq[b.ID]))
}

func (s *sim) work(ctx context.Context, r *rights.Request, d int) error {
	o, h := s.rights.officer, s.rights.habits[r.ID]
	if r.Status == rights.Received || r.Status == rights.Verifying {
		if _, err := s.rights.svc.Open(ctx, o, r.ID); err != nil {
			return err
		}
	}
	if h == nil {
		h = &officerHabits{answerOn: d, extendOn: -1} // filed outside the simulation: answered at once
	}
	if d == h.extendOn && r.ExtendedAt == nil {
		_, err := s.rights.svc.Extend(ctx, o, r.ID, "volume")
		return err
	}
	if d < h.answerOn {
		return nil
	}
	var done *rights.Request
	var err error
	if h.refuse != "" {
		done, err = s.rights.svc.Refuse(ctx, o, r.ID, h.refuse)
	} else {
		done, err = s.rights.svc.Answer(ctx, o, r.ID, rights.Outcome{})
	}
	if err != nil {
		return err
	}
	s.rights.done[r.ID] = done
	delete(s.rights.habits, r.ID)
	objectable := done.Status == rights.Refused || done.Status == rights.PartiallyAnswered
	if objectable && done.Kind != rights.Objection && s.rights.members[done.Subject] != nil && s.rights.rng.Float64() < 0.5 {
		s.rights.object = append(s.rights.object, objection{d + 1, done})
	}
	return nil
}

// rightsTable settles the account from the requests as stored.
func (s *sim) rightsTable(ctx context.Context) (*RightsTable, error) {
	if s.rights == nil {
		return nil, nil
	}
	t := &RightsTable{Filed: s.rights.filed, ByProxy: s.rights.byProxy, ByRepresentative: s.rights.byRep, Refused: map[string]int{}}
	open, err := s.rights.svc.Queue(ctx, s.rights.officer, "")
	if err != nil {
		return nil, err
	}
	t.Open = len(open)
	for _, r := range open {
		t.Escalated += boolInt(r.Escalated)
		t.Extended += boolInt(r.ExtendedAt != nil)
	}
	for _, r := range s.rights.done {
		t.Escalated += boolInt(r.Escalated)
		t.Extended += boolInt(r.ExtendedAt != nil)
		switch r.Status {
		case rights.Refused:
			t.Refused[r.Reason.Code]++
		case rights.PartiallyAnswered:
			t.Partial++
			t.Answered++
		default:
			t.Answered++
		}
		if r.AnsweredAt != nil {
			t.MaxDaysToAnswer = max(t.MaxDaysToAnswer, seoulDays(r.ReceivedAt, *r.AnsweredAt))
		}
	}
	t.Missed, err = s.rights.svc.Missed(ctx)
	return t, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// seoulDays counts the days from one Seoul date to another.
func seoulDays(from, to time.Time) int {
	day := func(t time.Time) int {
		y, m, d := t.In(rights.Seoul).Date()
		return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	}
	return day(to) - day(from)
}

// write prints the rights table.
func (t *RightsTable) write(w io.Writer) error {
	if t == nil {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RIGHTS KIND\tFILED")
	total := 0
	for _, k := range rights.Kinds {
		fmt.Fprintf(tw, "%s\t%d\n", k, t.Filed[k])
		total += t.Filed[k]
	}
	refused := 0
	var reasons []string
	for code, n := range t.Refused {
		refused += n
		reasons = append(reasons, fmt.Sprintf("%s %d", code, n))
	}
	slices.Sort(reasons)
	if err := tw.Flush(); err != nil {
		return err
	}
	verdict := "no missed deadline"
	if t.Missed > 0 {
		verdict = fmt.Sprintf("%d MISSED deadlines", t.Missed)
	}
	_, err := fmt.Fprintf(w, "rights: %d filed (%d by a proxy on paper, %d by an under-14's legal representative), %d answered (%d partially), %d refused (%v), %d extended, %d escalated, %d open at the end; max %d days to answer; %s\n",
		total, t.ByProxy, t.ByRepresentative, t.Answered, t.Partial, refused, reasons, t.Extended, t.Escalated, t.Open, t.MaxDaysToAnswer, verdict)
	return err
}
