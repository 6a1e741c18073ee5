package rights

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"jikimi/audit"
	"jikimi/store"
)

// Usage is a yearly usage notice's content (이용·제공 내역 통지, Act 20-2,
// Decree 15-3): for one year, the purposes the person's data was used for
// with the items, and the recipients it was provided to — from the access
// log, IDs and schema names only.
type Usage struct {
	Year       int                 `json:"year"`
	Purposes   map[string][]string `json:"purposes"`   // purpose -> items used
	Recipients []string            `json:"recipients"` // provision IDs
	Accesses   int                 `json:"accesses"`
}

// newUsage is an empty sum of a year's usage.
func newUsage(year int) *Usage {
	return &Usage{Year: year, Purposes: map[string][]string{}, Recipients: []string{}}
}

// add counts e when it is an allowed access in [from, to).
func (u *Usage) add(e audit.Entry, from, to time.Time) {
	if e.Outcome != audit.Allowed || e.Time.Before(from) || !e.Time.Before(to) {
		return
	}
	u.Accesses++
	items := u.Purposes[e.Purpose]
	for _, it := range e.Items {
		if !slices.Contains(items, it) {
			items = append(items, it)
		}
	}
	slices.Sort(items)
	u.Purposes[e.Purpose] = items
	if kind, id, _ := strings.Cut(e.Handler, ":"); kind == "partner" && !slices.Contains(u.Recipients, id) {
		u.Recipients = append(u.Recipients, id)
	}
}

// usageRange is how many subjects one pass over the year's access log
// sums the usage of: the passes are few (one per range) and the sums in
// memory bounded.
const usageRange = 50_000

// noticeUsage, once a year per service, from January 1 (Seoul) on, sends
// every subject whose data was used in the year before a usage notice
// through the outbox.
func (s *Service) noticeUsage(ctx context.Context) error {
	now := s.now().In(Seoul)
	year := now.Year() - 1
	from := time.Date(year, 1, 1, 0, 0, 0, 0, Seoul)
	to := from.AddDate(1, 0, 0)
	for _, service := range s.cfg.Policies.Services() {
		err := s.once(ctx, service, NoticeUsage, strconv.Itoa(year), func() error {
			for after := ""; ; {
				subjects, err := s.cfg.Vault.Subjects(ctx, service, after, usageRange)
				if err != nil || len(subjects) == 0 {
					return err
				}
				if err := s.noticeUsageOf(ctx, service, subjects, year, from, to); err != nil {
					return err
				}
				after = subjects[len(subjects)-1]
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// noticeUsageOf sums the year's usage of a range of a service's subjects in
// one pass over the year's access log, and sends the notices in subject
// order.
func (s *Service) noticeUsageOf(ctx context.Context, service string, subjects []string, year int, from, to time.Time) error {
	used := make(map[string]*Usage, len(subjects))
	for _, sub := range subjects {
		used[sub] = nil
	}
	err := s.cfg.History.Between(ctx, from, to, func(e audit.Entry) error {
		u, ours := used[e.Subject]
		if !ours || e.Service != service {
			return nil
		}
		if u == nil {
			u = newUsage(year)
			used[e.Subject] = u
		}
		u.add(e, from, to)
		return nil
	})
	if err != nil {
		return err
	}
	for _, sub := range subjects {
		u := used[sub]
		if u == nil || u.Accesses == 0 {
			continue
		}
		err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
			return s.notify(ctx, tx, service, sub, NoticeUsage, strconv.Itoa(year), *u)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
