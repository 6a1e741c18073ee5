package ingest

import (
	"encoding/json"
	"strconv"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/omh"
	"jikimi/vault"
)

// heartDay is the heart-rate part of a day's summary (item heart_rate).
type heartDay struct {
	Sum     float64 `json:"sum"`
	N       int     `json:"n"`
	Max     float64 `json:"max"`
	RestSum float64 `json:"rest_sum"`
	RestN   int     `json:"rest_n"`
}

// The items of a day record, one per part of omh.Summary.
var (
	stepsItem  = measure.Steps.Item()
	heartItem  = measure.HeartRate.Item()
	sleepItem  = measure.SleepDuration.Item()
	activeItem = measure.ActivityDuration.Item()
)

// DayKey is the key of a participant's day-summary record: read it with
// vault.Get under vault.KeyedID(subject, Purpose, DayKey(day)), and
// decode it with DecodeDay.
func DayKey(d measure.Date) string { return "omh/day/" + d.String() }

// dayMerge adds the day's new candidates to its summary. It runs after the
// hour merges, which have marked the duplicates.
func dayMerge(d measure.Date, cs []*candidate) vault.Merge {
	return vault.Merge{Key: DayKey(d), Apply: func(old map[string]string) (map[string]string, error) {
		s, err := decodeDay(d, old)
		if err != nil {
			return nil, err
		}
		touched := map[string]bool{}
		for _, c := range cs {
			// A day never stored names its parts even when every point was
			// a duplicate, so that the record is never empty.
			if (!c.dup && s.Add(c.point)) || len(old) == 0 {
				for _, it := range c.point.Items() {
					touched[it] = true
				}
			}
		}
		return encodeDay(s, old, touched), nil
	}}
}

// DecodeDay reads a day record's values back into a summary.
func DecodeDay(d measure.Date, values map[string]string) (omh.Summary, error) {
	return decodeDay(d, values)
}

func decodeDay(d measure.Date, old map[string]string) (omh.Summary, error) {
	s := omh.Summary{Day: d}
	var h heartDay
	var errSteps, errSleep, errActive, errHeart error
	if v, ok := old[stepsItem]; ok {
		s.Steps, errSteps = strconv.Atoi(v)
	}
	if v, ok := old[sleepItem]; ok {
		s.SleepMinutes, errSleep = strconv.ParseFloat(v, 64)
	}
	if v, ok := old[activeItem]; ok {
		s.ActiveMinutes, errActive = strconv.ParseFloat(v, 64)
	}
	if v, ok := old[heartItem]; ok {
		errHeart = json.Unmarshal([]byte(v), &h)
	}
	if err := firstErr(errSteps, errSleep, errActive, errHeart); err != nil {
		return s, errs.Wrap(errs.Internal, err, "ingest: a stored day does not decode")
	}
	s.HeartRateSum, s.HeartRateN, s.HeartRateMax, s.RestingSum, s.RestingN = h.Sum, h.N, h.Max, h.RestSum, h.RestN
	return s, nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// encodeDay writes the parts the day had or this batch touched: an item
// no point ever sent is not stored as a zero.
func encodeDay(s omh.Summary, old map[string]string, touched map[string]bool) map[string]string {
	out := map[string]string{}
	keep := func(item string) bool { _, had := old[item]; return had || touched[item] }
	if keep(stepsItem) {
		out[stepsItem] = strconv.Itoa(s.Steps)
	}
	if keep(sleepItem) {
		out[sleepItem] = strconv.FormatFloat(s.SleepMinutes, 'f', -1, 64)
	}
	if keep(activeItem) {
		out[activeItem] = strconv.FormatFloat(s.ActiveMinutes, 'f', -1, 64)
	}
	if keep(heartItem) {
		b, _ := json.Marshal(heartDay{s.HeartRateSum, s.HeartRateN, s.HeartRateMax, s.RestingSum, s.RestingN})
		out[heartItem] = string(b)
	}
	return out
}
