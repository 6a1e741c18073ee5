package omh

import (
	"math"

	"jikimi/healthcare/measure"
)

// Summary is one participant's day (Seoul), kept current by Add as points
// arrive. It holds sums, not averages, so that it can be stored and added to
// later; the averages are methods. Add is not idempotent: the gate must add
// each point once (it keys points by header.id).
type Summary struct {
	Day           measure.Date `json:"day"`
	Steps         int          `json:"steps"`
	HeartRateSum  float64      `json:"heart_rate_sum"`
	HeartRateN    int          `json:"heart_rate_n"`
	HeartRateMax  float64      `json:"heart_rate_max"`
	RestingSum    float64      `json:"resting_heart_rate_sum"`
	RestingN      int          `json:"resting_heart_rate_n"`
	SleepMinutes  float64      `json:"sleep_minutes"`
	ActiveMinutes float64      `json:"active_minutes"`
}

// DayOf is the Seoul day a point counts for: the day it starts, except that
// sleep counts for the day it ends (the night before a morning is that
// morning's sleep). A frame of a date and a part of the day counts for
// that date.
func DayOf(p *Point) measure.Date {
	if p.PartOfDay == "" && (p.Schema.Name == "sleep-duration" || p.Schema.Name == "sleep-episode") {
		return measure.DateOf(p.End.Add(-1)) // an end at midnight is still the night before it
	}
	return measure.DateOf(p.Start)
}

// Add counts a point into the summary. It returns false, and changes
// nothing, for a point of another day or one with nothing to count.
func (s *Summary) Add(p *Point) bool {
	if DayOf(p) != s.Day {
		return false
	}
	summed := p.Statistic == "" || p.Statistic == "sum"
	added := false
	for _, v := range p.Values {
		added = s.addValue(p, v, summed) || added
	}
	return added
}

func (s *Summary) addValue(p *Point, v measure.Measurement, summed bool) bool {
	switch {
	case v.Metric == measure.HeartRate:
		return s.addHeartRate(p)
	case !summed:
		return false
	case v.Metric == measure.Steps:
		s.Steps += int(math.Round(v.Value))
	case v.Metric == measure.SleepDuration:
		s.SleepMinutes += v.Value
	case v.Metric == measure.ActivityDuration:
		s.ActiveMinutes += v.Value
	default:
		return false
	}
	return true
}

func (s *Summary) addHeartRate(p *Point) bool {
	bpm, ok := heartRateSample(p)
	if !ok {
		return false
	}
	s.HeartRateSum += bpm
	s.HeartRateN++
	s.HeartRateMax = max(s.HeartRateMax, bpm)
	if p.Relation == "at rest" {
		s.RestingSum += bpm
		s.RestingN++
	}
	return true
}

// AvgHeartRate is the mean of the day's samples, 0 without any.
func (s *Summary) AvgHeartRate() float64 { return mean(s.HeartRateSum, s.HeartRateN) }

// RestingHeartRate is the mean of the samples marked "at rest"
// (temporal_relationship_to_physical_activity), 0 without any: the service
// does not guess rest from the values.
func (s *Summary) RestingHeartRate() float64 { return mean(s.RestingSum, s.RestingN) }

func mean(sum float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}
