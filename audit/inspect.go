package audit

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"jikimi/errs"
)

// InspectOptions are the settings of the monthly inspection (Standard 8(2)).
// Zero values take the defaults.
type InspectOptions struct {
	Location      *time.Location // working hours' zone; default Asia/Seoul (UTC+9, no daylight saving)
	WorkStart     int            // first working hour; default 8
	WorkEnd       int            // hour working ends; default 20
	Holidays      []time.Time    // dates (in Location) that count as off-hours all day
	BulkThreshold int64          // a read of at least this many records is bulk; default 100
	ListLimit     int            // at most this many off-hours and bulk entries listed; default 1,000 (counts stay complete)
}

// Seoul is Korea Standard Time, which has kept UTC+9 without daylight
// saving since 1988.
var Seoul = time.FixedZone("KST", 9*60*60)

func (o InspectOptions) withDefaults() (InspectOptions, error) {
	o.Location = cmp.Or(o.Location, Seoul)
	if o.WorkStart == 0 && o.WorkEnd == 0 {
		o.WorkStart, o.WorkEnd = 8, 20
	}
	o.BulkThreshold = cmp.Or(o.BulkThreshold, 100)
	o.ListLimit = cmp.Or(o.ListLimit, 1000)
	if o.WorkStart < 0 || o.WorkEnd > 24 || o.WorkStart >= o.WorkEnd || o.BulkThreshold < 1 || o.ListLimit < 1 {
		return o, errs.E(errs.Invalid, "audit: working hours must satisfy 0 <= start < end <= 24, and the bulk threshold and list limit be positive")
	}
	return o, nil
}

// offHours reports whether t falls outside working hours: before WorkStart,
// from WorkEnd, on a weekend or on a holiday.
func (o InspectOptions) offHours(t time.Time) bool {
	t = t.In(o.Location)
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return true
	}
	for _, h := range o.Holidays {
		if y, m, d := h.Date(); t.Year() == y && t.Month() == m && t.Day() == d {
			return true
		}
	}
	return t.Hour() < o.WorkStart || t.Hour() >= o.WorkEnd
}

// Inspection is the monthly inspection of the access log.
type Inspection struct {
	From, To        time.Time // the month, [From, To) in the options' zone
	Options         InspectOptions
	Entries         int64
	ByHandler       []Count // volume by handler, largest first
	ByPurpose       []Count // volume by service/purpose, largest first
	Denied          int64
	DeniedByReason  []Count
	DeniedByHandler []Count
	Downloads       []Entry // every download, with its recorded reason
	NoReason        int64   // downloads recorded without a reason: flagged
	Searches        []Entry // staff searches across subjects (a view naming no subject), with their stated reasons (up to ListLimit)
	SearchesTotal   int64
	Bulk            []Entry // reads of at least BulkThreshold records (up to ListLimit)
	BulkTotal       int64
	OffHours        []Entry // accesses outside working hours (up to ListLimit)
	OffHoursTotal   int64
	OffHoursBy      []Count      // off-hours accesses by handler
	Daily           []Daily      // entries per day (in the options' zone), purpose and role, by day then key
	Partners        []PartnerUse // reads by third parties (handler partner:<provision>), by provision
}

// Daily is how many entries one day had for one service/purpose and role.
type Daily struct {
	Day     string // YYYY-MM-DD in the options' zone
	Purpose string // service/purpose
	Role    string // the staff role, or the kind of a non-staff actor
	N       int64
}

// PartnerUse is what a third party's provision read in the month: the
// reads allowed (one per purpose a provision draws on), those refused, and
// the last one.
type PartnerUse struct {
	Provision       string
	Allowed, Denied int64
	Last            time.Time
}

// Count is how many entries share a key.
type Count struct {
	Key string
	N   int64
}

// Inspect reads the month that contains month (in the options' zone) and
// summarises it for the monthly inspection.
func (l *Log) Inspect(ctx context.Context, month time.Time, opts InspectOptions) (*Inspection, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	y, m, _ := month.In(opts.Location).Date()
	from := time.Date(y, m, 1, 0, 0, 0, 0, opts.Location)
	t := newTally(opts)
	err = l.Between(ctx, from, from.AddDate(0, 1, 0), func(e Entry) error {
		t.add(e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t.result(from, from.AddDate(0, 1, 0)), nil
}

// tally accumulates an inspection entry by entry.
type tally struct {
	in                                          Inspection
	handlers, purposes, reasons, deniers, night map[string]int64
	daily                                       map[Daily]int64 // keyed with N zero
	partners                                    map[string]*PartnerUse
}

func newTally(o InspectOptions) *tally {
	return &tally{in: Inspection{Options: o}, handlers: map[string]int64{}, purposes: map[string]int64{},
		reasons: map[string]int64{}, deniers: map[string]int64{}, night: map[string]int64{}, daily: map[Daily]int64{},
		partners: map[string]*PartnerUse{}}
}

func (t *tally) add(e Entry) {
	in := &t.in
	in.Entries++
	t.handlers[e.Handler]++
	t.purposes[e.Service+"/"+e.Purpose]++
	t.daily[Daily{Day: e.Time.In(in.Options.Location).Format(time.DateOnly), Purpose: e.Service + "/" + e.Purpose, Role: e.Role}]++
	if e.Outcome == Denied {
		in.Denied++
		t.reasons[e.Reason]++
		t.deniers[e.Handler]++
	}
	if id, ok := strings.CutPrefix(e.Handler, "partner:"); ok {
		t.partner(id, e)
	}
	if e.Action == Download {
		in.Downloads = append(in.Downloads, e)
		in.NoReason += boolInt(e.DownloadReason == "")
	}
	if e.Action == View && e.Subject == "" && e.DownloadReason != "" {
		in.SearchesTotal++
		in.Searches = appendUpTo(in.Searches, e, in.Options.ListLimit)
	}
	if e.Records >= in.Options.BulkThreshold {
		in.BulkTotal++
		in.Bulk = appendUpTo(in.Bulk, e, in.Options.ListLimit)
	}
	if in.Options.offHours(e.Time) {
		in.OffHoursTotal++
		t.night[e.Handler]++
		in.OffHours = appendUpTo(in.OffHours, e, in.Options.ListLimit)
	}
}

func (t *tally) partner(id string, e Entry) {
	u := t.partners[id]
	if u == nil {
		u = &PartnerUse{Provision: id}
		t.partners[id] = u
	}
	if e.Outcome == Denied {
		u.Denied++
	} else {
		u.Allowed++
	}
	if e.Time.After(u.Last) {
		u.Last = e.Time
	}
}

func (t *tally) result(from, to time.Time) *Inspection {
	in := t.in
	in.From, in.To = from, to
	in.ByHandler, in.ByPurpose = counts(t.handlers), counts(t.purposes)
	in.DeniedByReason, in.DeniedByHandler, in.OffHoursBy = counts(t.reasons), counts(t.deniers), counts(t.night)
	for _, u := range t.partners {
		in.Partners = append(in.Partners, *u)
	}
	slices.SortFunc(in.Partners, func(a, b PartnerUse) int { return cmp.Compare(a.Provision, b.Provision) })
	for d, n := range t.daily {
		d.N = n
		in.Daily = append(in.Daily, d)
	}
	slices.SortFunc(in.Daily, func(a, b Daily) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Purpose, b.Purpose), cmp.Compare(a.Role, b.Role))
	})
	return &in
}

func appendUpTo(es []Entry, e Entry, limit int) []Entry {
	if len(es) >= limit {
		return es
	}
	return append(es, e)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// counts sorts a tally, largest first, then by key.
func counts(m map[string]int64) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key)) })
	return out
}
