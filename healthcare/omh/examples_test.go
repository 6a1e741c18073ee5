package omh

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

// refusals says why each of Open mHealth's own counter-examples
// (testdata/openmhealth/NAME/VERSION/shouldFail) is refused: reason and path.
var refusals = map[string][2]string{
	"heart-rate/2.0/shouldFail/incorrect-unit.json":                         {measure.SchemaViolation, "/body/heart_rate/unit"},
	"oxygen-saturation/2.0/shouldFail/missing-effective-time-frame.json":    {measure.SchemaViolation, "/body/effective_time_frame"},
	"sleep-episode/1.0/shouldFail/effective-time-frame-with-timestamp.json": {measure.SchemaViolation, "/body/effective_time_frame/time_interval"},
	"step-count/3.0/shouldFail/invalid-unit-step-count.json":                {measure.SchemaViolation, "/body/effective_time_frame"},
	"step-count/3.0/shouldFail/with-date-time.json":                         {measure.SchemaViolation, "/body/effective_time_frame/time_interval"},
	"blood-pressure/4.0/shouldFail/invalid-timeframe-format.json":           {measure.SchemaViolation, "/body/effective_time_frame"},
	"blood-pressure/4.0/shouldFail/invalid-unit.json":                       {measure.SchemaViolation, "/body/systolic_blood_pressure/unit"},
	"body-fat-percentage/2.0/shouldFail/invalid-unit.json":                  {measure.SchemaViolation, "/body/body_fat_percentage/unit"},
	"body-fat-percentage/2.0/shouldFail/missing-time-frame.json":            {measure.SchemaViolation, "/body/effective_time_frame"},
	"body-mass-index/3.0/shouldFail/missing-time-frame.json":                {measure.SchemaViolation, "/body/effective_time_frame"},
	"body-weight/3.0/shouldFail/invalid-time-interval.json":                 {measure.SchemaViolation, "/body/effective_time_frame"},
	"body-weight/3.0/shouldFail/invalid-unit.json":                          {measure.SchemaViolation, "/body/body_weight/unit"},
	"body-weight/3.0/shouldFail/missing-body-weight-unit.json":              {measure.SchemaViolation, "/body/body_weight/unit"},
	"body-weight/3.0/shouldFail/missing-body-weight-value.json":             {measure.SchemaViolation, "/body/body_weight/value"},
}

// TestOpenMHealthExamples runs Open mHealth's own test data for the current
// versions and some of the older ones (bodies, wrapped here in a synthetic
// header): every shouldPass
// body is accepted with its values, every shouldFail body refused for the
// reason above.
func TestOpenMHealthExamples(t *testing.T) {
	t.Parallel()
	root := "testdata/openmhealth"
	seen := 0
	err := fs.WalkDir(os.DirFS(root), ".", func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(file, ".json") {
			return err
		}
		parts := strings.Split(file, "/") // NAME/VERSION/should*/FILE
		body, err := os.ReadFile(path.Join(root, file))
		if err != nil {
			return err
		}
		seen++
		t.Run(file, func(t *testing.T) {
			p, err := Parse(point(parts[0], parts[1], string(body)), now)
			if parts[2] == "shouldPass" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if len(p.Values) == 0 || p.Values[0].Item != metrics[parts[0]][0].Item() {
					t.Fatalf("values = %+v", p.Values)
				}
				return
			}
			want, ok := refusals[file]
			var e *errs.Error
			if !ok || !errors.As(err, &e) || e.Message != "omh: "+want[0]+" at "+want[1] {
				t.Fatalf("error = %v (%+v), want %v", err, e, want)
			}
		})
		return nil
	})
	if err != nil || seen < 30 {
		t.Fatalf("read %d examples: %v", seen, err)
	}
}
