package omh

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

type want struct {
	metric measure.Metric
	value  float64
	text   string
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		raw  []byte
		want []want
	}{
		"step-count 1.0, a number":            {point("step-count", "1.0", `{"step_count":8123,`+lastDay+`}`), []want{{measure.Steps, 8123, ""}}},
		"step-count 2.0, a number":            {point("step-count", "2.0", `{"step_count":8123,`+lastDay+`}`), []want{{measure.Steps, 8123, ""}}},
		"step-count 3.0, a unit-value":        {point("step-count", "3.0", `{"step_count":{"value":8123,"unit":"steps"},`+lastDay+`}`), []want{{measure.Steps, 8123, ""}}},
		"heart-rate 1.0":                      {point("heart-rate", "1.0", `{"heart_rate":{"value":61,"unit":"beats/min"},`+at+`}`), []want{{measure.HeartRate, 61, ""}}},
		"heart-rate 1.1":                      {point("heart-rate", "1.1", `{"heart_rate":{"value":61,"unit":"beats/min"},`+at+`}`), []want{{measure.HeartRate, 61, ""}}},
		"heart-rate 2.0":                      {point("heart-rate", "2.0", `{"heart_rate":{"value":61,"unit":"beats/min"},`+at+`}`), []want{{measure.HeartRate, 61, ""}}},
		"heart-rate spread is not a rate":     {point("heart-rate", "2.0", `{"heart_rate":{"value":4,"unit":"beats/min"},"descriptive_statistic":"standard deviation",`+morning+`}`), []want{{measure.HeartRate, 4, ""}}},
		"sleep-duration 1.0 in hours":         {point("sleep-duration", "1.0", `{"sleep_duration":{"value":6.5,"unit":"h"},`+night+`}`), []want{{measure.SleepDuration, 390, ""}}},
		"sleep-duration 2.0 in minutes":       {point("sleep-duration", "2.0", `{"sleep_duration":{"value":390,"unit":"min"},`+night+`}`), []want{{measure.SleepDuration, 390, ""}}},
		"sleep-episode 1.0 total sleep time":  {point("sleep-episode", "1.0", `{"total_sleep_time":{"value":23400,"unit":"sec"},`+night+`}`), []want{{measure.SleepDuration, 390, ""}}},
		"sleep-episode 1.1 by its length":     {point("sleep-episode", "1.1", `{"is_main_sleep":true,`+night+`}`), []want{{measure.SleepDuration, 420, ""}}},
		"sleep-episode of a day part":         {point("sleep-episode", "1.1", `{`+dayParts+`}`), nil},
		"oxygen-saturation 1.0":               {point("oxygen-saturation", "1.0", `{"oxygen_saturation":{"value":97,"unit":"%"},`+at+`}`), []want{{measure.OxygenSaturation, 97, ""}}},
		"oxygen-saturation 2.0":               {point("oxygen-saturation", "2.0", `{"oxygen_saturation":{"value":97,"unit":"%"},"measurement_method":"pulse oximetry",`+at+`}`), []want{{measure.OxygenSaturation, 97, ""}}},
		"physical-activity 1.0":               {point("physical-activity", "1.0", `{"activity_name":"walking","distance":{"value":3.2,"unit":"km"},`+morning+`}`), []want{{measure.ActivityName, 0, "walking"}, {measure.ActivityDuration, 60, ""}, {measure.ActivityDistance, 3200, ""}}},
		"physical-activity 1.1 a mile":        {point("physical-activity", "1.1", `{"activity_name":"walking","distance":{"value":1,"unit":"mi"},"met_value":3.5,`+morning+`}`), []want{{measure.ActivityName, 0, "walking"}, {measure.ActivityDuration, 60, ""}, {measure.ActivityDistance, 1609.344, ""}}},
		"physical-activity 1.2 with kcal":     {point("physical-activity", "1.2", `{"activity_name":"swimming","kcal_burned":{"value":310,"unit":"kcal"},`+morning+`}`), []want{{measure.ActivityName, 0, "swimming"}, {measure.ActivityDuration, 60, ""}, {measure.CaloriesBurned, 310, ""}}},
		"physical-activity at an instant":     {point("physical-activity", "1.2", `{"activity_name":"yoga",`+at+`}`), []want{{measure.ActivityName, 0, "yoga"}}},
		"calories-burned 1.0":                 {point("calories-burned", "1.0", `{"kcal_burned":{"value":1800,"unit":"kcal"},`+lastDay+`}`), []want{{measure.CaloriesBurned, 1800, ""}}},
		"calories-burned 2.0 with a name":     {point("calories-burned", "2.0", `{"kcal_burned":{"value":250,"unit":"kcal"},"activity_name":"cycling",`+morning+`}`), []want{{measure.CaloriesBurned, 250, ""}, {measure.ActivityName, 0, "cycling"}}},
		"blood-pressure 1.0":                  {point("blood-pressure", "1.0", `{"systolic_blood_pressure":{"value":118,"unit":"mmHg"},"diastolic_blood_pressure":{"value":76,"unit":"mmHg"},`+at+`}`), []want{{measure.Systolic, 118, ""}, {measure.Diastolic, 76, ""}}},
		"blood-pressure 2.0":                  {point("blood-pressure", "2.0", `{"systolic_blood_pressure":{"value":118,"unit":"mmHg"},"diastolic_blood_pressure":{"value":76,"unit":"mmHg"},"body_posture":"sitting",`+at+`}`), []want{{measure.Systolic, 118, ""}, {measure.Diastolic, 76, ""}}},
		"blood-pressure 3.0":                  {point("blood-pressure", "3.0", `{"systolic_blood_pressure":{"value":118,"unit":"mmHg"},"diastolic_blood_pressure":{"value":76,"unit":"mmHg"},`+at+`}`), []want{{measure.Systolic, 118, ""}, {measure.Diastolic, 76, ""}}},
		"blood-pressure 3.1":                  {point("blood-pressure", "3.1", `{"systolic_blood_pressure":{"value":118,"unit":"mmHg"},"diastolic_blood_pressure":{"value":76,"unit":"mmHg"},`+at+`}`), []want{{measure.Systolic, 118, ""}, {measure.Diastolic, 76, ""}}},
		"body-weight 1.0 in pounds":           {point("body-weight", "1.0", `{"body_weight":{"value":150,"unit":"lb"},`+at+`}`), []want{{measure.BodyWeight, 68.0388555, ""}}},
		"body-weight 2.0 in kg":               {point("body-weight", "2.0", `{"body_weight":{"value":68.5,"unit":"kg"},`+at+`}`), []want{{measure.BodyWeight, 68.5, ""}}},
		"body-mass-index 1.0":                 {point("body-mass-index", "1.0", `{"body_mass_index":{"value":22.4,"unit":"kg/m2"},`+at+`}`), []want{{measure.BodyMassIndex, 22.4, ""}}},
		"body-mass-index 2.0":                 {point("body-mass-index", "2.0", `{"body_mass_index":{"value":22.4,"unit":"kg/m^2"},`+at+`}`), []want{{measure.BodyMassIndex, 22.4, ""}}},
		"body-fat-percentage 1.0":             {point("body-fat-percentage", "1.0", `{"body_fat_percentage":{"value":21.5,"unit":"%"},`+at+`}`), []want{{measure.BodyFat, 21.5, ""}}},
		"body-weight 2.0 of a day part":       {point("body-weight", "2.0", `{"body_weight":{"value":68.5,"unit":"kg"},`+dayParts+`}`), []want{{measure.BodyWeight, 68.5, ""}}},
		"body-weight 3.0 in kg":               {point("body-weight", "3.0", `{"body_weight":{"value":68.5,"unit":"kg"},`+at+`}`), []want{{measure.BodyWeight, 68.5, ""}}},
		"blood-pressure 4.0 with a posture":   {point("blood-pressure", "4.0", `{"systolic_blood_pressure":{"value":118,"unit":"mmHg"},"diastolic_blood_pressure":{"value":76,"unit":"mmHg"},"body_posture":"sitting",`+at+`}`), []want{{measure.Systolic, 118, ""}, {measure.Diastolic, 76, ""}}},
		"blood-glucose 1.0 in mmol/L":         {point("blood-glucose", "1.0", `{"blood_glucose":{"value":5.4,"unit":"mmol/L"},`+at+`}`), []want{{measure.BloodGlucose, 5.4, ""}}},
		"blood-glucose 2.0 in mg/dL":          {point("blood-glucose", "2.0", `{"blood_glucose":{"value":90.08,"unit":"mg/dL"},"specimen_source":"capillary blood",`+at+`}`), []want{{measure.BloodGlucose, 5, ""}}},
		"blood-glucose 3.0 in mg/dL":          {point("blood-glucose", "3.0", `{"blood_glucose":{"value":90.08,"unit":"mg/dL"},"temporal_relationship_to_meal":"fasting",`+at+`}`), []want{{measure.BloodGlucose, 5, ""}}},
		"an interval ending after a duration": {point("step-count", "2.0", `{"step_count":500,"effective_time_frame":{"time_interval":{"end_date_time":"2024-03-04T10:00:00+09:00","duration":{"value":30,"unit":"min"}}}}`), []want{{measure.Steps, 500, ""}}},
		"just within the clock skew":          {point("heart-rate", "2.0", `{"heart_rate":{"value":61,"unit":"beats/min"},"effective_time_frame":{"date_time":"2024-03-04T12:05:00+09:00"}}`), []want{{measure.HeartRate, 61, ""}}},
		"a bad date_time beside an interval":  {point("step-count", "2.0", `{"step_count":500,"effective_time_frame":{"date_time":"soon",`+morning[len(`"effective_time_frame":{`):]+`}`), []want{{measure.Steps, 500, ""}}},
		"a start beside a day part":           {point("step-count", "2.0", `{"step_count":500,"effective_time_frame":{"time_interval":{"start_date_time":"2024-03-03T08:00:00Z","date":"2024-03-03","part_of_day":"morning"}}}`), []want{{measure.Steps, 500, ""}}},
		"today's evening, before it comes":    {point("step-count", "2.0", `{"step_count":500,"effective_time_frame":{"time_interval":{"date":"2024-03-04","part_of_day":"evening"}}}`), []want{{measure.Steps, 500, ""}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(tc.raw, now)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.Start.Year() != 2024 || p.End.Before(p.Start) {
				t.Fatalf("frame %v..%v", p.Start, p.End)
			}
			if len(p.Values) != len(tc.want) {
				t.Fatalf("got %d values, want %d: %+v", len(p.Values), len(tc.want), p.Values)
			}
			for i, w := range tc.want {
				v := p.Values[i]
				if v.Metric != w.metric || math.Abs(v.Value-w.value) > 1e-6 || v.Text != w.text || v.Item != w.metric.Item() || !v.Start.Equal(p.Start) {
					t.Errorf("value %d = %+v, want %+v", i, v, w)
				}
			}
		})
	}
}

func TestParseHeaderAndFrame(t *testing.T) {
	t.Parallel()
	p, err := Parse(point("sleep-duration", "2.0", `{"sleep_duration":{"value":390,"unit":"min"},`+night+`}`), now)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2024, 3, 3, 23, 0, 0, 0, measure.Seoul)
	if p.ID != "synthetic-sleep-duration-2.0" || p.Schema != (SchemaID{"omh", "sleep-duration", "2.0"}) ||
		!p.Start.Equal(start) || !p.End.Equal(start.Add(7*time.Hour)) || !p.Created.Equal(now.Add(-time.Hour)) {
		t.Fatalf("point = %+v", p)
	}
	if got := p.Items(); len(got) != 1 || got[0] != "sleep" {
		t.Fatalf("Items = %v", got)
	}
	d, err := Parse(point("step-count", "2.0", `{"step_count":10,`+dayParts+`}`), now)
	if err != nil {
		t.Fatal(err)
	}
	if d.PartOfDay != "evening" || !d.Start.Equal(measure.Date{Year: 2024, Month: 3, Day: 3}.Start()) || d.End.Sub(d.Start) != 24*time.Hour {
		t.Fatalf("day part frame = %v..%v %q", d.Start, d.End, d.PartOfDay)
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	hr := func(v, frame string) []byte {
		return point("heart-rate", "2.0", `{"heart_rate":{"value":`+v+`,"unit":"beats/min"},`+frame+`}`)
	}
	tests := map[string]struct {
		raw    []byte
		reason string
		path   string
	}{
		"not JSON":                            {[]byte(`{"header":`), measure.SchemaViolation, "/"},
		"two JSON values":                     {[]byte(`{} {}`), measure.SchemaViolation, "/"},
		"too large":                           {append(hr("61", at), make([]byte, MaxSize)...), measure.SchemaViolation, "/"},
		"not an object":                       {[]byte(`[]`), measure.SchemaViolation, "/"},
		"no header":                           {[]byte(`{"body":{}}`), measure.SchemaViolation, "/header"},
		"header without id":                   {[]byte(`{"header":{"creation_date_time":"2024-03-04T11:00:00Z","schema_id":{"namespace":"omh","name":"heart-rate","version":"2.0"}},"body":{}}`), measure.SchemaViolation, "/header/id"},
		"header with a bad time":              {[]byte(`{"header":{"id":"x","creation_date_time":"yesterday","schema_id":{"namespace":"omh","name":"heart-rate","version":"2.0"}},"body":{}}`), measure.SchemaViolation, "/header/creation_date_time"},
		"body not an object":                  {[]byte(`{"header":{"id":"x","creation_date_time":"2024-03-04T11:00:00Z","schema_id":{"namespace":"omh","name":"heart-rate","version":"2.0"}},"body":[]}`), measure.SchemaViolation, "/body"},
		"unknown schema name":                 {point("mood", "1.0", `{}`), measure.UnknownSchema, "/header/schema_id"},
		"unsupported version":                 {point("blood-pressure", "5.0", `{}`), measure.UnknownSchema, "/header/schema_id"},
		"unsupported namespace":               {[]byte(strings.Replace(string(hr("61", at)), `"omh"`, `"acme"`, 1)), measure.UnknownSchema, "/header/schema_id"},
		"a schema that is not a body":         {point("unit-value", "1.0", `{}`), measure.UnknownSchema, "/header/schema_id"},
		"wrong unit":                          {point("heart-rate", "2.0", `{"heart_rate":{"value":61,"unit":"bpm"},`+at+`}`), measure.SchemaViolation, "/body/heart_rate/unit"},
		"value not a number":                  {point("heart-rate", "2.0", `{"heart_rate":{"value":"61","unit":"beats/min"},`+at+`}`), measure.SchemaViolation, "/body/heart_rate/value"},
		"required value missing":              {point("heart-rate", "2.0", `{`+at+`}`), measure.SchemaViolation, "/body/heart_rate"},
		"steps at an instant":                 {point("step-count", "2.0", `{"step_count":10,`+at+`}`), measure.SchemaViolation, "/body/effective_time_frame/time_interval"},
		"a time without a zone":               {hr("61", `"effective_time_frame":{"date_time":"2024-03-04T09:00:00"}`), measure.SchemaViolation, "/body/effective_time_frame"},
		"an interval of two forms":            {hr("61", `"effective_time_frame":{"time_interval":{"start_date_time":"2024-03-04T09:00:00Z","end_date_time":"2024-03-04T10:00:00Z","duration":{"value":1,"unit":"h"}}}`), measure.SchemaViolation, "/body/effective_time_frame"},
		"an impossible date":                  {point("step-count", "2.0", `{"step_count":10,"effective_time_frame":{"time_interval":{"date":"2024-02-30","part_of_day":"night"}}}`), measure.SchemaViolation, "/body/effective_time_frame/time_interval/date"},
		"heart rate too high":                 {hr("251", at), measure.OutOfRange, "/body/heart_rate/value"},
		"heart rate too low":                  {hr("19", at), measure.OutOfRange, "/body/heart_rate/value"},
		"a number beyond float64":             {hr("1e400", at), measure.OutOfRange, "/body/heart_rate/value"},
		"steps beyond a day's bound":          {point("step-count", "2.0", `{"step_count":100001,`+lastDay+`}`), measure.OutOfRange, "/body/step_count"},
		"steps in 3.0 beyond the bound":       {point("step-count", "3.0", `{"step_count":{"value":100001,"unit":"steps"},`+lastDay+`}`), measure.OutOfRange, "/body/step_count/value"},
		"negative steps":                      {point("step-count", "1.0", `{"step_count":-5,`+lastDay+`}`), measure.OutOfRange, "/body/step_count"},
		"SpO2 below 50":                       {point("oxygen-saturation", "2.0", `{"oxygen_saturation":{"value":49,"unit":"%"},`+at+`}`), measure.OutOfRange, "/body/oxygen_saturation/value"},
		"systolic above 260":                  {point("blood-pressure", "3.1", `{"systolic_blood_pressure":{"value":261,"unit":"mmHg"},"diastolic_blood_pressure":{"value":90,"unit":"mmHg"},`+at+`}`), measure.OutOfRange, "/body/systolic_blood_pressure/value"},
		"systolic not above diastolic":        {point("blood-pressure", "3.1", `{"systolic_blood_pressure":{"value":80,"unit":"mmHg"},"diastolic_blood_pressure":{"value":80,"unit":"mmHg"},`+at+`}`), measure.OutOfRange, "/body/diastolic_blood_pressure/value"},
		"glucose beyond the bound":            {point("blood-glucose", "3.0", `{"blood_glucose":{"value":1200,"unit":"mg/dL"},`+at+`}`), measure.OutOfRange, "/body/blood_glucose/value"},
		"sleep longer than its night":         {point("sleep-duration", "2.0", `{"sleep_duration":{"value":25,"unit":"h"},`+night+`}`), measure.OutOfRange, "/body/sleep_duration/value"},
		"an interval ending before it starts": {hr("61", `"effective_time_frame":{"time_interval":{"start_date_time":"2024-03-04T10:00:00+09:00","end_date_time":"2024-03-04T09:00:00+09:00"}}`), measure.OutOfRange, "/body/effective_time_frame/time_interval"},
		"a negative duration":                 {hr("61", `"effective_time_frame":{"time_interval":{"start_date_time":"2024-03-04T10:00:00+09:00","duration":{"value":-1,"unit":"h"}}}`), measure.OutOfRange, "/body/effective_time_frame/time_interval/duration"},
		"a duration of centuries":             {hr("61", `"effective_time_frame":{"time_interval":{"end_date_time":"2024-03-04T10:00:00+09:00","duration":{"value":300,"unit":"yr"}}}`), measure.OutOfRange, "/body/effective_time_frame/time_interval/duration"},
		"an interval over a year":             {hr("61", `"effective_time_frame":{"time_interval":{"start_date_time":"2020-03-04T10:00:00+09:00","end_date_time":"2024-03-04T09:00:00+09:00"}}`), measure.OutOfRange, "/body/effective_time_frame/time_interval"},
		"measured in the future":              {hr("61", `"effective_time_frame":{"date_time":"2024-03-04T12:05:01+09:00"}`), measure.FutureTimestamp, "/body/effective_time_frame"},
		"an interval ending in future":        {point("step-count", "2.0", `{"step_count":10,"effective_time_frame":{"time_interval":{"start_date_time":"2024-03-04T11:00:00+09:00","duration":{"value":2,"unit":"h"}}}}`), measure.FutureTimestamp, "/body/effective_time_frame"},
		"tomorrow's morning":                  {point("step-count", "2.0", `{"step_count":10,"effective_time_frame":{"time_interval":{"date":"2024-03-05","part_of_day":"morning"}}}`), measure.FutureTimestamp, "/body/effective_time_frame"},
		"measured in year 1":                  {hr("61", `"effective_time_frame":{"date_time":"0001-01-01T00:00:00Z"}`), measure.PastTimestamp, "/body/effective_time_frame"},
		"an interval from 1970":               {point("step-count", "2.0", `{"step_count":10,"effective_time_frame":{"time_interval":{"start_date_time":"1970-01-01T00:00:00Z","duration":{"value":2,"unit":"h"}}}}`), measure.PastTimestamp, "/body/effective_time_frame"},
		"created in year 1":                   {[]byte(strings.Replace(string(hr("61", at)), "2024-03-04T11:00:00+09:00", "0001-01-01T00:00:00Z", 1)), measure.PastTimestamp, "/header/creation_date_time"},
		"created in the future":               {[]byte(strings.Replace(string(hr("61", at)), "2024-03-04T11:00:00+09:00", "2024-03-04T13:00:00+09:00", 1)), measure.FutureTimestamp, "/header/creation_date_time"},
		"no effective time (allowed in 1.0)":  {point("heart-rate", "1.0", `{"heart_rate":{"value":61,"unit":"beats/min"}}`), measure.NoEffectiveTime, "/body/effective_time_frame"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(tc.raw, now)
			var e *errs.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse = %+v, %v; want %s", p, err, tc.reason)
			}
			want := "omh: " + tc.reason + " at " + tc.path
			if e.Code != errs.Invalid || e.Reason != tc.reason || e.Error() != want {
				t.Fatalf("error = %q (%s, %s), want %q", e.Error(), e.Code, e.Reason, want)
			}
		})
	}
}

func TestSupported(t *testing.T) {
	t.Parallel()
	sc, err := loadSchemas()
	if err != nil {
		t.Fatalf("embedded schemas: %v", err)
	}
	ids := Supported()
	if len(ids) != len(sc.bodies) || len(ids) != 34 {
		t.Fatalf("Supported = %d schemas (%v), compiled %d", len(ids), ids, len(sc.bodies))
	}
	names := map[string]bool{}
	for _, id := range ids {
		names[id.Name] = true
	}
	for name := range extractors {
		if !names[name] {
			t.Errorf("no embedded version of %s", name)
		}
		if len(Items(name)) == 0 {
			t.Errorf("%s maps to no policy item", name)
		}
	}
	if Items("mood") != nil {
		t.Error("Items of an unknown schema")
	}
	if got := strings.Join(Items("physical-activity"), ","); got != "activity_type,activity_time,activity_distance,calories" {
		t.Errorf("Items(physical-activity) = %s", got)
	}
}
