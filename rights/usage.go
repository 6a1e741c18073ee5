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

// usageOf sums a subject's allowed accesses in [from, to).
func usageOf(entries []audit.Entry, year int, from, to time.Time) Usage {
	u := Usage{Year: year, Purposes: map[string][]string{}, Recipients: []string{}}
	for _, e := range entries {
		if e.Outcome != audit.Allowed || e.Time.Before(from) || !e.Time.Before(to) {
			continue
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
	return u
}

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
			return s.eachSubject(ctx, service, func(subject string) error {
				var entries []audit.Entry
				err := s.cfg.History.OfSubject(ctx, subject, func(e audit.Entry) error {
					if e.Service == service {
						entries = append(entries, e)
					}
					return nil
				})
				if err != nil {
					return err
				}
				u := usageOf(entries, year, from, to)
				if u.Accesses == 0 {
					return nil
				}
				return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
					return s.notify(ctx, tx, service, subject, NoticeUsage, strconv.Itoa(year), u)
				})
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
