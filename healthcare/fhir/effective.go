package fhir

import (
	"regexp"
	"time"

	"jikimi/healthcare/measure"
)

// dateTime is FHIR R4's dateTime: a year, a month, a date, or a date and a
// time with a zone.
var dateTime = regexp.MustCompile(`^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$`)

var effectiveKeys = []string{"effectiveDateTime", "effectiveInstant", "effectivePeriod", "effectiveTiming"}

// effectivePath is the path of the effective[x] the document has.
func effectivePath(root obj) string {
	for _, k := range effectiveKeys {
		if root.has(k) {
			return root.at(k)
		}
	}
	return "/effective[x]"
}

// effective reads effective[x]: dateTime, instant, or a Period with a start
// or an end.
func (r *reader) effective(root obj, ru *rule) (time.Time, time.Time) {
	n := 0
	for _, k := range effectiveKeys {
		if root.has(k) {
			n++
		}
	}
	switch {
	case n > 1:
		r.fail(measure.SchemaViolation, "/effective[x]")
	case n == 0 && ru.VitalSigns:
		r.fail(measure.SchemaViolation, "/effective[x]")
	case n == 0, root.has("effectiveTiming"):
		r.fail(measure.NoEffectiveTime, effectivePath(root))
	case root.has("effectivePeriod"):
		return r.period(root)
	default:
		t := r.instant(root, effectivePath(root)[1:])
		return t, t
	}
	return time.Time{}, time.Time{}
}

func (r *reader) period(root obj) (time.Time, time.Time) {
	p, _ := r.object(root, "effectivePeriod")
	start, end := r.instant(p, "start"), r.instant(p, "end")
	switch {
	case r.err != nil:
	case start.IsZero() && end.IsZero():
		r.fail(measure.NoEffectiveTime, p.path)
	case start.IsZero():
		start = end
	case end.IsZero():
		end = start
	case end.Before(start):
		r.fail(measure.OutOfRange, p.path)
	}
	return start, end
}

// instant reads a dateTime member; zero when absent. A date alone is the
// start of that day in Seoul; a year or a month alone is too coarse.
func (r *reader) instant(o obj, key string) time.Time {
	s := r.str(o, key)
	switch {
	case r.err != nil || !o.has(key):
		return time.Time{}
	case !dateTime.MatchString(s):
		r.fail(measure.SchemaViolation, o.at(key))
	case len(s) == len(time.DateOnly):
		d, err := measure.ParseDate(s)
		if err == nil {
			return d.Start()
		}
		r.fail(measure.SchemaViolation, o.at(key))
	case len(s) < len(time.DateOnly):
		r.fail(measure.NoEffectiveTime, o.at(key))
	default:
		t, err := time.Parse(time.RFC3339Nano, s)
		if err == nil {
			return t
		}
		r.fail(measure.SchemaViolation, o.at(key))
	}
	return time.Time{}
}
