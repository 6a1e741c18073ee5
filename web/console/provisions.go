package console

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/riverqueue/river/rivertype"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/healthcare/pointsvc"
	"jikimi/jobs"
	"jikimi/policy"
	"jikimi/staff"
	"jikimi/web"
)

// Outbox lists the background deliveries (*jobs.Queue): their state and
// attempts, never their arguments.
type Outbox interface {
	List(ctx context.Context, limit int, states ...rivertype.JobState) ([]*jobs.Row, error)
}

// needProvisions: what is provided to partners comes from the health
// service's participants; the screen shows counts, no one's data, but they
// are counts of personal data given away, so the purpose comes first.
var needProvisions = need{staff.HealthOperator, "seoul-healthcare", "health-service"}

// deliveryKinds are the outbox's jobs that deliver to a provision's
// recipient, by provision.
var deliveryKinds = map[string]string{pointsvc.CardProvision: pointsvc.JobConvert}

// outboxListed is how many of the newest jobs the screen looks through.
const outboxListed = 500

type provisionsPage struct {
	page
	Month      string
	Provisions []provisionRow
	Deliveries []delivery
	ByState    []stateCount
}

// provisionRow is a provision of the policy in force with what its
// recipient read this month.
type provisionRow struct {
	*policy.Provision
	Items []string // as the provision words them
	Use   audit.PartnerUse
}

// delivery is one job of the outbox that delivers to a recipient.
type delivery struct {
	ID         int64
	Recipient  string
	State      string
	Attempts   int
	Created    time.Time
	Finalized  *time.Time
	Unfinished bool
}

type stateCount struct {
	State string
	N     int
}

func (c *Console) provisionRoutes() []web.Route {
	return []web.Route{{Method: "GET", Path: "/staff/healthcare/provisions", Handle: c.provisions}}
}

// provisions is the partner-provision status: each provision of the
// policy in force, its recipient and items, what the recipient read this
// month (from the access log) and the outbox's deliveries to recipients.
func (c *Console) provisions(w http.ResponseWriter, r *http.Request) error {
	if c.cfg.Outbox == nil {
		return errs.E(errs.Unavailable, "제3자 제공 현황은 이 서버에서 쓸 수 없습니다.")
	}
	_, sess, ok, err := c.working(w, r, needProvisions)
	if !ok {
		return err
	}
	month, err := c.month(r)
	if err != nil {
		return err
	}
	pol, ok := c.cfg.Policies.Current(needProvisions.Service, c.cfg.Clock.Now())
	if !ok {
		return errs.E(errs.Unavailable, "no policy in force")
	}
	in, err := c.cfg.Log.Inspect(r.Context(), month, audit.InspectOptions{ListLimit: 1})
	if err != nil {
		return err
	}
	p := &provisionsPage{page: c.page(sess, "제3자 제공 현황"), Month: month.Format("2006-01")}
	for _, pr := range pol.ThirdParties.Provisions {
		row := provisionRow{Provision: pr, Use: audit.PartnerUse{Provision: pr.ID}}
		for _, ref := range pr.Items {
			row.Items = append(row.Items, itemLabel(pol, pr, ref))
		}
		if i := slices.IndexFunc(in.Partners, func(u audit.PartnerUse) bool { return u.Provision == pr.ID }); i >= 0 {
			row.Use = in.Partners[i]
		}
		p.Provisions = append(p.Provisions, row)
	}
	if p.Deliveries, p.ByState, err = c.deliveries(r.Context(), pol); err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "provisions", p)
}

// itemLabel is an item of a provision as the provision words it, else as
// its purpose names it.
func itemLabel(pol *policy.Policy, pr *policy.Provision, ref string) string {
	if l := pr.ItemLabels[ref]; l != "" {
		return l
	}
	if it, err := pol.LookupItem(ref, pr.SourcePurpose); err == nil {
		return it.Name
	}
	return ref
}

// deliveries are the newest outbox jobs that deliver to a recipient, and
// how many are in each state.
func (c *Console) deliveries(ctx context.Context, pol *policy.Policy) ([]delivery, []stateCount, error) {
	rows, err := c.cfg.Outbox.List(ctx, outboxListed)
	if err != nil {
		return nil, nil, err
	}
	recipient := map[string]string{}
	for _, pr := range pol.ThirdParties.Provisions {
		if kind, ok := deliveryKinds[pr.ID]; ok {
			recipient[kind] = pr.Recipient
		}
	}
	var out []delivery
	counts := map[string]int{}
	for _, j := range rows {
		to, ok := recipient[j.Kind]
		if !ok {
			continue
		}
		counts[string(j.State)]++
		if len(out) < 50 {
			out = append(out, delivery{ID: j.ID, Recipient: to, State: string(j.State), Attempts: j.Attempt, Created: j.CreatedAt,
				Finalized: j.FinalizedAt, Unfinished: j.FinalizedAt == nil})
		}
	}
	var byState []stateCount
	for _, s := range jobStates {
		if n := counts[string(s)]; n > 0 {
			byState = append(byState, stateCount{string(s), n})
		}
	}
	return out, byState, nil
}

// jobStates are the outbox's states in the order a delivery goes through them.
var jobStates = []rivertype.JobState{rivertype.JobStateScheduled, rivertype.JobStateAvailable, rivertype.JobStateRunning,
	rivertype.JobStateRetryable, rivertype.JobStateCompleted, rivertype.JobStateDiscarded, rivertype.JobStateCancelled}

// jobStateNames are the states in Korean.
var jobStateNames = map[string]string{
	string(rivertype.JobStateScheduled): "예약됨", string(rivertype.JobStateAvailable): "보낼 차례", string(rivertype.JobStateRunning): "보내는 중",
	string(rivertype.JobStateRetryable): "다시 보낼 예정", string(rivertype.JobStateCompleted): "전달 완료", string(rivertype.JobStateDiscarded): "실패(포기)",
	string(rivertype.JobStateCancelled): "취소됨", string(rivertype.JobStatePending): "대기",
}

func jobStateName(s string) string {
	if n, ok := jobStateNames[s]; ok {
		return n
	}
	return s
}
