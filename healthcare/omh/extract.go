package omh

import (
	"encoding/json"
	"math"
	"strconv"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

// reader turns a valid body into measurements, stopping at the first
// implausible value.
type reader struct {
	p    *Point
	body map[string]any
	err  *errs.Error
}

// add appends a value in canonical units after the plausibility check.
func (r *reader) add(m measure.Metric, v float64, path string) {
	if r.err != nil {
		return
	}
	span := r.p.End.Sub(r.p.Start)
	if !r.plausible(m, v, span) {
		r.err = reject(measure.OutOfRange, path)
		return
	}
	r.p.Values = append(r.p.Values, measure.New(m, v, r.p.Start, r.p.End))
}

func (r *reader) plausible(m measure.Metric, v float64, span time.Duration) bool {
	if dispersion[r.p.Statistic] {
		return v >= 0 && !math.IsInf(v, 0)
	}
	return measure.Plausible(m, v, span)
}

// quantity reads the unit-value at body[key], if present.
func (r *reader) quantity(m measure.Metric, key string) {
	uv, ok := r.body[key].(map[string]any)
	if !ok || r.err != nil {
		return
	}
	path := "/body/" + key + "/value"
	v, unit, ok := unitValue(uv)
	if !ok {
		r.err = reject(measure.OutOfRange, path)
		return
	}
	c, ok := measure.ToCanonical(m, v, ucum(unit))
	if !ok {
		r.err = reject(measure.BadUnit, "/body/"+key+"/unit")
		return
	}
	r.add(m, c, path)
}

// count reads a plain number at body[key] (step-count 1.0 and 2.0).
func (r *reader) count(m measure.Metric, key string) {
	n, ok := r.body[key].(json.Number)
	if !ok {
		r.quantity(m, key)
		return
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		f = math.Inf(1)
	}
	r.add(m, f, "/body/"+key)
}

// text records a string value (the activity name), if present.
func (r *reader) text(m measure.Metric, key string) {
	s, ok := r.body[key].(string)
	if !ok || r.err != nil {
		return
	}
	v := measure.New(m, 0, r.p.Start, r.p.End)
	v.Text = s
	r.p.Values = append(r.p.Values, v)
}

// minutes records the length of a precise interval, in minutes.
func (r *reader) minutes(m measure.Metric) {
	if r.p.PartOfDay != "" || !r.p.End.After(r.p.Start) {
		return
	}
	r.add(m, r.p.End.Sub(r.p.Start).Minutes(), framePath)
}
