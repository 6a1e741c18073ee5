package fhir

import (
	"slices"
	"time"

	"jikimi/healthcare/measure"
)

// values reads valueQuantity, or a panel's components.
func (r *reader) values(root obj, ru *rule, start, end time.Time) []measure.Measurement {
	if r.err != nil {
		return nil
	}
	if len(ru.Components) > 0 {
		return r.panel(root, ru, start, end)
	}
	q, ok := r.object(root, "valueQuantity")
	if !ok {
		r.fail(measure.SchemaViolation, "/valueQuantity")
		return nil
	}
	v := r.quantity(q, ru.Metric, ru.Units, ru.VitalSigns, end.Sub(start))
	return []measure.Measurement{measure.New(ru.Metric, v, start, end)}
}

// panel reads the blood-pressure panel: no valueQuantity (0..0), one
// component of each code, and a systolic above the diastolic.
func (r *reader) panel(root obj, ru *rule, start, end time.Time) []measure.Measurement {
	if root.has("valueQuantity") {
		r.fail(measure.SchemaViolation, "/valueQuantity")
	}
	comps := r.list(root, "component")
	var out []measure.Measurement
	var path string
	for _, want := range ru.Components {
		c := r.component(comps, want.Code)
		q, ok := r.object(c, "valueQuantity")
		if !ok {
			r.fail(measure.SchemaViolation, c.at("valueQuantity"))
		}
		v := r.quantity(q, want.Metric, []string{want.Unit}, ru.VitalSigns, end.Sub(start))
		out = append(out, measure.New(want.Metric, v, start, end))
		path = q.at("value")
	}
	if r.err == nil && out[0].Metric == measure.Systolic && out[0].Value <= out[1].Value {
		r.fail(measure.OutOfRange, path)
	}
	return out
}

// component finds the one component with a LOINC code.
func (r *reader) component(comps []obj, code string) obj {
	var found []obj
	for _, c := range comps {
		cc, _ := r.object(c, "code")
		if slices.Contains(r.codes(cc, loincSystem), code) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		r.fail(measure.SchemaViolation, "/component")
		return obj{path: "/component"}
	}
	return found[0]
}

// quantity reads a Quantity in one of the units and converts it.
func (r *reader) quantity(q obj, m measure.Metric, units []string, unitText bool, span time.Duration) float64 {
	v, _ := r.number(q, "value")
	system, code := r.str(q, "system"), r.str(q, "code")
	switch {
	case r.err != nil:
	case q.has("comparator"):
		r.fail(measure.SchemaViolation, q.at("comparator"))
	case system == "" || code == "":
		r.fail(measure.SchemaViolation, q.at(missing(q, "system", "code")))
	case system != ucumSystem:
		r.fail(measure.BadUnit, q.at("system"))
	case !slices.Contains(units, code):
		r.fail(measure.BadUnit, q.at("code"))
	case unitText && r.str(q, "unit") == "":
		r.fail(measure.SchemaViolation, q.at("unit"))
	}
	if r.err != nil {
		return 0
	}
	c, _ := measure.ToCanonical(m, v, code)
	if !measure.Plausible(m, c, span) {
		r.fail(measure.OutOfRange, q.at("value"))
	}
	return c
}

func missing(q obj, keys ...string) string {
	for _, k := range keys {
		if s, _ := q.m[k].(string); s == "" {
			return k
		}
	}
	return keys[0]
}
