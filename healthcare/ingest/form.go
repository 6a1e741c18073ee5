package ingest

import (
	"encoding/json"
	"math"
	"slices"
	"time"
	"unicode/utf8"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/input"
)

// ReasonEmptyReport: a report with no item in it.
const ReasonEmptyReport = "empty_report"

// ReasonBadValue: a choice outside its list, text too long, a bad date.
const ReasonBadValue = "bad_value"

// form collects the checked values of one report by item, stopping at the
// first error; errors name a reason and a JSON path, never a value.
type form struct {
	source string
	on     measure.Date
	values map[string]string
	err    *errs.Error
}

func newForm(source string, today measure.Date) *form {
	return &form{source: source, on: today, values: map[string]string{}}
}

// entry is what every stored value looks like.
type entry struct {
	On     measure.Date `json:"on"`
	Source string       `json:"source"` // self, checkup
	Value  any          `json:"value"`
}

func (f *form) put(item string, v any) {
	if f.err != nil {
		return
	}
	b, err := json.Marshal(entry{f.on, f.source, v})
	if err != nil {
		f.err = errs.Wrap(errs.Internal, err, "ingest: encode a value")
		return
	}
	f.values[item] = string(b)
}

func (f *form) fail(reason, path string) {
	if f.err == nil {
		f.err = measure.Reject("ingest", reason, path)
	}
}

func (f *form) done() (map[string]string, error) {
	if f.err != nil {
		return nil, f.err
	}
	if len(f.values) == 0 {
		return nil, reason(errs.E(errs.Invalid, "ingest: the report holds no item"), ReasonEmptyReport)
	}
	return f.values, nil
}

// day sets the day the report describes; a day after today is future.
func (f *form) day(s string, now time.Time) {
	if s == "" {
		return
	}
	d, err := measure.ParseDate(s)
	switch {
	case err != nil:
		f.fail(ReasonBadValue, "/on")
	case measure.DateOf(now).Before(d):
		f.fail(measure.FutureTimestamp, "/on")
	case measure.Past(d.Start()):
		f.fail(measure.PastTimestamp, "/on")
	default:
		f.on = d
	}
}

// canonical converts a quantity to m's canonical unit and checks it.
func (f *form) canonical(path string, m measure.Metric, q Quantity) (float64, bool) {
	v, ok := measure.ToCanonical(m, q.Value, q.Unit)
	if !ok {
		f.fail(measure.BadUnit, path+"/unit")
		return 0, false
	}
	if !measure.Plausible(m, v, 0) {
		f.fail(measure.OutOfRange, path+"/value")
		return 0, false
	}
	return round(v), true
}

// round keeps what a measurement can mean, not a conversion's last bits.
func round(v float64) float64 { return math.Round(v*1000) / 1000 }

func (f *form) quantity(item, path string, m measure.Metric, q *Quantity) {
	if q == nil {
		return
	}
	if v, ok := f.canonical(path, m, *q); ok {
		spec, _ := measure.SpecOf(m)
		f.put(item, Quantity{v, spec.Unit})
	}
}

func (f *form) number(item, path string, v *float64, lo, hi float64) {
	if v == nil {
		return
	}
	if math.IsNaN(*v) || *v < lo || *v > hi {
		f.fail(measure.OutOfRange, path)
		return
	}
	f.put(item, *v)
}

func (f *form) choice(item, v string, choices []string) {
	if v == "" {
		return
	}
	if !slices.Contains(choices, v) {
		f.fail(ReasonBadValue, "/"+item)
		return
	}
	f.put(item, v)
}

func (f *form) flag(item string, v *bool) {
	if v != nil {
		f.put(item, *v)
	}
}

// okText: free text is short, printable, one line.
func okText(s string) bool {
	return s != "" && utf8.RuneCountInString(s) <= maxText && input.Line(s)
}

func (f *form) text(item, path, v string) {
	if v == "" {
		return
	}
	if !okText(v) {
		f.fail(ReasonBadValue, path)
		return
	}
	f.put(item, v)
}
