package stats

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"jikimi/healthcare/measure"
)

// observation is one dated number read from a stored item value.
type observation struct {
	day   measure.Date
	value float64
}

// parseValue reads the number named field ("value", "steps", "systolic",
// "diastolic") of a stored value. The shapes read:
//
//   - a plain number, dated by the record's day (a daily summary's steps);
//   - "120/80" for blood pressure, dated likewise;
//   - a self-report or check-up entry (package ingest):
//     {"on": "2026-03-01", "source": "self", "value": 24.3} or
//     {"on": …, "value": {"value": 71.5, "unit": "kg"}} or
//     {"on": …, "value": {"systolic": 135, "diastolic": 88}};
//   - a dated value: {"day": …, "steps": …}, {"day": …, "value": …}.
//
// Anything else is skipped (ok false): statistics never fail on one odd
// record, and never say which record was odd.
func parseValue(raw, field string, recordDay measure.Date) (observation, bool) {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "{") {
		return parseDated(raw, field, recordDay)
	}
	if sys, dia, ok := strings.Cut(raw, "/"); ok {
		switch field {
		case "systolic":
			raw = sys
		case "diastolic":
			raw = dia
		default:
			return observation{}, false
		}
	}
	v, ok := finite(strings.TrimSpace(raw))
	return observation{recordDay, v}, ok
}

func finite(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

func parseDated(raw, field string, recordDay measure.Date) (observation, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &m) != nil {
		return observation{}, false
	}
	day := recordDay
	for _, k := range []string{"on", "day", "date"} {
		var s string
		if json.Unmarshal(m[k], &s) == nil && s != "" {
			d, err := measure.ParseDate(s)
			if err != nil {
				return observation{}, false
			}
			day = d
			break
		}
	}
	v, ok := number(m, field)
	return observation{day, v}, ok
}

// number finds field in m, looking into an object under "value" (an
// entry's quantity or blood pressure); steps may also be under "value".
func number(m map[string]json.RawMessage, field string) (float64, bool) {
	var inner map[string]json.RawMessage
	if json.Unmarshal(m["value"], &inner) == nil && inner != nil {
		return number(inner, field)
	}
	raw, ok := m[field]
	if !ok && field == "steps" {
		raw, ok = m["value"]
	}
	if !ok {
		return 0, false
	}
	return finite(strings.TrimSpace(string(raw)))
}
