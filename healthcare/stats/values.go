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

// dated is the JSON shape of a dated value: a daily summary
// ({"day": …, "steps": …}) or a dated measure ({"day": …, "value": …};
// blood pressure {"day": …, "systolic": …, "diastolic": …}).
type dated struct {
	Day       string   `json:"day"`
	Date      string   `json:"date"`
	Value     *float64 `json:"value"`
	Steps     *float64 `json:"steps"`
	Systolic  *float64 `json:"systolic"`
	Diastolic *float64 `json:"diastolic"`
}

// parseValue reads the number named field ("value", "steps", "systolic",
// "diastolic") of a stored value: a plain number (dated by the record's
// day), "120/80" for blood pressure, or the JSON shape above. Anything
// else is skipped (ok false): statistics never fail on one odd record.
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
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return observation{}, false
	}
	return observation{recordDay, v}, true
}

func parseDated(raw, field string, recordDay measure.Date) (observation, bool) {
	var d dated
	if json.Unmarshal([]byte(raw), &d) != nil {
		return observation{}, false
	}
	day := recordDay
	if s := d.Day + d.Date; s != "" {
		p, err := measure.ParseDate(s)
		if err != nil {
			return observation{}, false
		}
		day = p
	}
	v := map[string]*float64{"value": d.Value, "steps": d.Steps, "systolic": d.Systolic, "diastolic": d.Diastolic}[field]
	if v == nil && field == "steps" {
		v = d.Value
	}
	if v == nil {
		return observation{}, false
	}
	return observation{day, *v}, true
}
