package omh

import (
	"testing"
	"time"

	"jikimi/healthcare/measure"
)

func TestSummary(t *testing.T) {
	t.Parallel()
	day := measure.Date{Year: 2024, Month: 3, Day: 4}
	h := func(hour int) time.Time { return time.Date(2024, 3, 4, hour, 0, 0, 0, measure.Seoul) }
	parse := func(name, version, body string) *Point {
		p, err := Parse(point(name, version, body), now)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return p
	}
	tests := []struct {
		name  string
		p     *Point
		added bool
	}{
		{"steps of the morning", parse("step-count", "2.0", `{"step_count":3000,`+morning+`}`), true},
		{"steps summed by the device", parse("step-count", "2.0", `{"step_count":1000,"descriptive_statistic":"sum",`+morning+`}`), true},
		{"an average of steps is not a total", parse("step-count", "2.0", `{"step_count":9000,"descriptive_statistic":"average",`+morning+`}`), false},
		{"yesterday's steps", parse("step-count", "2.0", `{"step_count":9000,`+lastDay+`}`), false},
		{"a heart-rate sample", hrPoint(t, h(9), 70, ""), true},
		{"a sample at rest", hrPoint(t, h(10), 58, `"temporal_relationship_to_physical_activity":"at rest",`), true},
		{"a sample in exercise", hrPoint(t, h(11), 150, `"temporal_relationship_to_physical_activity":"during exercise",`), true},
		{"an hourly maximum is not a sample", hrPoint(t, h(8), 170, `"descriptive_statistic":"maximum",`), false},
		{"last night's sleep", parse("sleep-episode", "1.1", `{"total_sleep_time":{"value":400,"unit":"min"},`+night+`}`), true},
		{"an activity", parse("physical-activity", "1.2", `{"activity_name":"walking",`+morning+`}`), true},
		{"a weight", parse("body-weight", "2.0", `{"body_weight":{"value":70,"unit":"kg"},`+at+`}`), false},
	}
	s := Summary{Day: day}
	for _, tc := range tests {
		if got := s.Add(tc.p); got != tc.added {
			t.Errorf("%s: Add = %v, want %v", tc.name, got, tc.added)
		}
	}
	want := Summary{Day: day, Steps: 4000, HeartRateSum: 278, HeartRateN: 3, HeartRateMax: 150,
		RestingSum: 58, RestingN: 1, SleepMinutes: 400, ActiveMinutes: 60}
	if s != want {
		t.Fatalf("summary = %+v\nwant      %+v", s, want)
	}
	if s.AvgHeartRate() != 278.0/3 || s.RestingHeartRate() != 58 {
		t.Fatalf("averages %v, %v", s.AvgHeartRate(), s.RestingHeartRate())
	}
	if empty := (Summary{}); empty.AvgHeartRate() != 0 || empty.RestingHeartRate() != 0 {
		t.Fatal("an empty day has no averages")
	}
}

func TestDayOf(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		name, version, body string
		want                measure.Date
	}{
		"steps count on their start day":                 {"step-count", "2.0", `{"step_count":1,` + night + `}`, measure.Date{Year: 2024, Month: 3, Day: 3}},
		"sleep counts on the day it ends":                {"sleep-duration", "2.0", `{"sleep_duration":{"value":5,"unit":"h"},` + night + `}`, measure.Date{Year: 2024, Month: 3, Day: 4}},
		"sleep ending at midnight: the day before":       {"sleep-duration", "2.0", `{"sleep_duration":{"value":5,"unit":"h"},` + lastDay + `}`, measure.Date{Year: 2024, Month: 3, Day: 3}},
		"a part of a day counts on that day":             {"sleep-episode", "1.1", `{` + dayParts + `}`, measure.Date{Year: 2024, Month: 3, Day: 3}},
		"a UTC time late in the day is Seoul's next day": {"heart-rate", "2.0", `{"heart_rate":{"value":61,"unit":"beats/min"},"effective_time_frame":{"date_time":"2024-03-03T15:30:00Z"}}`, measure.Date{Year: 2024, Month: 3, Day: 4}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(point(tc.name, tc.version, tc.body), now)
			if err != nil {
				t.Fatal(err)
			}
			if got := DayOf(p); got != tc.want {
				t.Fatalf("DayOf = %s, want %s", got, tc.want)
			}
		})
	}
}
