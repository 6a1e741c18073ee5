package omh

import (
	"errors"
	"math"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

// FuzzParse: no input panics; every error is an errs.Invalid with a known
// reason and a message of reason and path only; every accepted point is
// plausible, ordered in time and not in the future.
func FuzzParse(f *testing.F) {
	for _, seed := range [][]byte{
		point("heart-rate", "2.0", `{"heart_rate":{"value":61,"unit":"beats/min"},`+at+`}`),
		point("step-count", "1.0", `{"step_count":8123,`+lastDay+`}`),
		point("step-count", "3.0", `{"step_count":{"value":8123,"unit":"steps"},`+night+`}`),
		point("blood-pressure", "3.1", `{"systolic_blood_pressure":{"value":118,"unit":"mmHg"},"diastolic_blood_pressure":{"value":76,"unit":"mmHg"},`+at+`}`),
		point("physical-activity", "1.2", `{"activity_name":"walking","distance":{"value":3.2,"unit":"km"},`+morning+`}`),
		point("sleep-episode", "1.1", `{`+dayParts+`}`),
		point("body-weight", "1.0", `{"body_weight":{"value":150,"unit":"lb"},"effective_time_frame":{"time_interval":{"end_date_time":"2024-03-04T10:00:00+09:00","duration":{"value":1,"unit":"Mo"}}}}`),
		point("step-count", "2.0", `{"step_count":5,"effective_time_frame":{"time_interval":{"start_date_time":"2024-03-03T08:00:00Z","date":"2024-03-03","part_of_day":"morning"}}}`),
		[]byte(`{"header":{},"body":{}}`),
		[]byte(`[1,2,{"a":null}]`),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := Parse(raw, now)
		if err != nil {
			checkRejection(t, err)
			return
		}
		checkPoint(t, p)
	})
}

func checkRejection(t *testing.T, err error) {
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid || !measure.IsReason(e.Reason) {
		t.Fatalf("error %v is not an errs.Invalid with a known reason", err)
	}
	if !strings.HasPrefix(e.Message, "omh: "+e.Reason+" at /") || e.Err != nil {
		t.Fatalf("message %q says more than reason and path", e.Message)
	}
}

func checkPoint(t *testing.T, p *Point) {
	if p.Start.IsZero() || p.End.Before(p.Start) || measure.Future(p.Start, now) {
		t.Fatalf("accepted frame %v..%v", p.Start, p.End)
	}
	for _, v := range p.Values {
		if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) || v.Item == "" {
			t.Fatalf("accepted value %+v", v)
		}
		if v.Text == "" && !dispersion[p.Statistic] && !measure.Plausible(v.Metric, v.Value, v.Span()) {
			t.Fatalf("accepted implausible %s", v.Metric)
		}
	}
}
