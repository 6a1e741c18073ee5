package fhir

import (
	"slices"
	"time"

	"jikimi/healthcare/measure"
)

// values reads valueQuantity, or a panel's components.
func (r *reader) values(root obj, ru *rule, rules map[string]*rule, start, end time.Time) ([]measure.Measurement, []NotCollected) {
	if r.err != nil {
		return nil, nil
	}
	if len(ru.Components) > 0 {
		return r.panel(root, ru, rules, start, end)
	}
	q, ok := r.object(root, "valueQuantity")
	if !ok {
		r.fail(measure.SchemaViolation, "/valueQuantity")
		return nil, nil
	}
	v := r.quantity(q, ru.Metric, ru.Units, ru.VitalSigns, end.Sub(start))
	return []measure.Measurement{measure.New(ru.Metric, v, start, end)}, nil
}

// panel reads the blood-pressure panel: no valueQuantity (0..0), one
// component of each code the profile names, whose value may be absent with
// a dataAbsentReason, and a systolic above the diastolic when both are
// there. Components of other declared codes (mean arterial pressure) are
// read too; the rest are reported, not read.
func (r *reader) panel(root obj, ru *rule, rules map[string]*rule, start, end time.Time) ([]measure.Measurement, []NotCollected) {
	if root.has("valueQuantity") {
		r.fail(measure.SchemaViolation, "/valueQuantity")
	}
	comps := r.list(root, "component")
	for _, want := range ru.Components {
		r.component(comps, want.Code)
	}
	var out []measure.Measurement
	var skipped []NotCollected
	byMetric := map[measure.Metric]measure.Measurement{}
	var path string
	for _, c := range comps {
		cr, nc := r.componentRule(c, rules)
		switch {
		case r.err != nil:
			return nil, nil
		case cr == nil:
			skipped = append(skipped, nc)
		case !c.has("valueQuantity") && c.has("dataAbsentReason"):
			// no value, and the reason given: nothing to keep
		default:
			q, ok := r.object(c, "valueQuantity")
			if !ok {
				r.fail(measure.SchemaViolation, c.at("valueQuantity"))
			}
			v := r.quantity(q, cr.Metric, ru.unitOf(cr), ru.VitalSigns, end.Sub(start))
			m := measure.New(cr.Metric, v, start, end)
			out, byMetric[cr.Metric], path = append(out, m), m, q.at("value")
		}
	}
	sys, okS := byMetric[measure.Systolic]
	dia, okD := byMetric[measure.Diastolic]
	if r.err == nil && okS && okD && sys.Value <= dia.Value {
		r.fail(measure.OutOfRange, path)
	}
	return out, skipped
}

// componentRule is the declared rule of a component's LOINC code, or what
// to report of a component the programme does not collect.
func (r *reader) componentRule(c obj, rules map[string]*rule) (*rule, NotCollected) {
	cc, ok := r.object(c, "code")
	if !ok {
		r.fail(measure.SchemaViolation, c.at("code"))
		return nil, NotCollected{}
	}
	codes := r.codes(cc, loincSystem)
	for _, code := range codes {
		if cr, ok := rules[code]; ok && cr.Metric != "" {
			return cr, NotCollected{}
		}
	}
	for _, code := range codes {
		if name, ok := undeclaredName(code); ok {
			return nil, NotCollected{Path: c.at("code"), Code: code, Name: name, Reason: measure.UndeclaredItem}
		}
	}
	return nil, NotCollected{Path: c.at("code"), Reason: measure.UnknownCode}
}

// unitOf is the unit a panel's profile fixes for a component's code, else
// the component rule's own.
func (ru *rule) unitOf(cr *rule) []string {
	for _, c := range ru.Components {
		if c.Code == cr.Code {
			return []string{c.Unit}
		}
	}
	return cr.Units
}

// component checks that one component has a LOINC code.
func (r *reader) component(comps []obj, code string) {
	n := 0
	for _, c := range comps {
		cc, _ := r.object(c, "code")
		if slices.Contains(r.codes(cc, loincSystem), code) {
			n++
		}
	}
	if n != 1 {
		r.fail(measure.SchemaViolation, "/component")
	}
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
