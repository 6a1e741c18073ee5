package stats

import (
	"maps"
	"slices"

	"jikimi/healthcare/measure"
	"jikimi/vault"
)

// healthItems are the health-service items the extraction reads.
var healthItems = []string{"steps", "weight", "bmi", "blood_pressure"}

// weeklySteps turns a participant's step records into weekly means over
// the TrendWeeks weeks ending with today's. Several records of one day
// (a daily summary kept current) count once, by their largest count.
func weeklySteps(recs []*vault.Record, today measure.Date) []WeekSteps {
	first := today.Monday().AddDays(-7 * (TrendWeeks - 1))
	days := map[measure.Date]float64{}
	for _, r := range recs {
		o, ok := parseValue(r.Values["steps"], "steps", measure.DateOf(r.Created))
		if !ok || o.day.Before(first) || today.Before(o.day) || o.value < 0 {
			continue
		}
		days[o.day] = max(days[o.day], o.value)
	}
	sums, counts := map[measure.Date]float64{}, map[measure.Date]int{}
	for d, v := range days {
		sums[d.Monday()] += v
		counts[d.Monday()]++
	}
	var out []WeekSteps
	for _, w := range slices.SortedFunc(maps.Keys(sums), measure.Date.Compare) {
		out = append(out, WeekSteps{Week: w.String(), Steps: sums[w] / float64(counts[w])})
	}
	return out
}

// changes finds each measure's first observation and the last one at least
// MinFollowUpDays later.
func changes(recs []*vault.Record) map[string]Change {
	out := map[string]Change{}
	for _, m := range Measures {
		obs := observations(recs, m)
		if len(obs) < 2 {
			continue
		}
		first, last := obs[0], obs[len(obs)-1]
		days := int(last.day.Start().Sub(first.day.Start()).Hours() / 24)
		if days >= MinFollowUpDays {
			out[m.ID] = Change{Before: first.value, After: last.value, Weeks: days / 7}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// observations are a measure's valid observations in day order.
func observations(recs []*vault.Record, m Measure) []observation {
	var obs []observation
	for _, r := range recs {
		raw, ok := r.Values[m.Item]
		if !ok {
			continue
		}
		if o, ok := parseValue(raw, m.Field, measure.DateOf(r.Created)); ok && o.value > 0 {
			obs = append(obs, o)
		}
	}
	slices.SortStableFunc(obs, func(a, b observation) int { return a.day.Compare(b.day) })
	return obs
}
