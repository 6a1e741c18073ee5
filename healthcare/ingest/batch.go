package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"runtime"
	"slices"
	"sync"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/omh"
)

// ReasonNoValues rejects a valid point that carries nothing the service
// keeps.
const ReasonNoValues = "no_values"

// candidate is a valid point of the batch, not yet known to be new.
type candidate struct {
	index int
	point *omh.Point
	key   string // hashed header.id: what the hour record keeps
	dup   bool   // set by the hour merge: stored before
}

// batch is one parsed batch: its results so far and its valid points by
// Seoul hour and day.
type batch struct {
	results []Result
	hours   map[time.Time][]*candidate
	days    map[measure.Date][]*candidate
	items   []string // every item the valid points carry
}

// parse reads every point; a rejection or a repeat within the batch is
// answered at once, the rest become candidates.
func parse(raws []json.RawMessage, now time.Time) (*batch, error) {
	b := &batch{results: make([]Result, len(raws)), hours: map[time.Time][]*candidate{}, days: map[measure.Date][]*candidate{}}
	seen := map[string]bool{}
	parsed := parseAll(raws, now)
	for i := range raws {
		b.results[i].Index = i
		p, err := parsed[i].point, parsed[i].err
		if err != nil {
			if rej := b.reject(i, err); rej != nil {
				return nil, rej
			}
			b.results[i].ID = headerID(raws[i])
			continue
		}
		b.results[i].ID = p.ID
		if len(p.Values) == 0 {
			b.rejectAs(i, ReasonNoValues, "ingest: "+ReasonNoValues+" at /body")
			continue
		}
		if seen[p.ID] {
			b.results[i].Status = Duplicate
			continue
		}
		seen[p.ID] = true
		b.add(&candidate{index: i, point: p, key: pointKey(p.ID)})
	}
	slices.Sort(b.items)
	return b, nil
}

type parsed struct {
	point *omh.Point
	err   error
}

// parseAll parses the points on every CPU: parsing and schema validation
// are most of a batch's cost, and each point is parsed on its own.
func parseAll(raws []json.RawMessage, now time.Time) []parsed {
	out := make([]parsed, len(raws))
	workers := min(runtime.GOMAXPROCS(0), (len(raws)+63)/64)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(raws); i += workers {
				out[i].point, out[i].err = omh.Parse(raws[i], now)
			}
		})
	}
	wg.Wait()
	return out
}

// headerID is a refused point's header.id when it can be read, so that
// the device knows which point to fix; "" otherwise.
func headerID(raw json.RawMessage) string {
	var p struct {
		Header struct {
			ID string `json:"id"`
		} `json:"header"`
	}
	if json.Unmarshal(raw, &p) != nil || len(p.Header.ID) > maxText {
		return ""
	}
	return p.Header.ID
}

// reject answers a point Parse refused; an error that is not the point's
// fault (the embedded schemas) fails the batch.
func (b *batch) reject(i int, err error) error {
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid {
		return err
	}
	b.rejectAs(i, e.Reason, e.Message)
	return nil
}

func (b *batch) rejectAs(i int, reason, msg string) {
	b.results[i].Status, b.results[i].Reason, b.results[i].Message = Rejected, reason, msg
}

func (b *batch) add(c *candidate) {
	h := omh.HourOf(c.point.Start)
	b.hours[h] = append(b.hours[h], c)
	if counts(c.point) {
		d := omh.DayOf(c.point)
		b.days[d] = append(b.days[d], c)
	}
	for _, it := range c.point.Items() {
		if !slices.Contains(b.items, it) {
			b.items = append(b.items, it)
		}
	}
}

// counts reports whether a point adds to its day's summary.
func counts(p *omh.Point) bool {
	s := omh.Summary{Day: omh.DayOf(p)}
	return s.Add(p)
}

// pointKey hashes a point's ID: the stored records keep no device-chosen
// text, and 64 bits tell a participant-hour's points apart.
func pointKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:8])
}

// settle answers the candidates once the batch is stored.
func (b *batch) settle() *Report {
	for _, cs := range b.hours {
		for _, c := range cs {
			b.results[c.index].Status = Accepted
			if c.dup {
				b.results[c.index].Status = Duplicate
			}
		}
	}
	r := &Report{Results: b.results}
	r.count()
	return r
}
