package omh

import (
	"fmt"
	"time"

	"jikimi/healthcare/measure"
)

// now is the server's clock in every test.
var now = time.Date(2024, 3, 4, 12, 0, 0, 0, measure.Seoul)

// point builds a synthetic data point of a schema with a body.
func point(name, version, body string) []byte {
	return fmt.Appendf(nil, `{"header":{"id":"synthetic-%s-%s","creation_date_time":"2024-03-04T11:00:00+09:00",`+
		`"schema_id":{"namespace":"omh","name":%q,"version":%q}},"body":%s}`, name, version, name, version, body)
}

// Time frames used by the bodies.
const (
	at       = `"effective_time_frame":{"date_time":"2024-03-04T09:30:00+09:00"}`
	morning  = `"effective_time_frame":{"time_interval":{"start_date_time":"2024-03-04T09:00:00+09:00","end_date_time":"2024-03-04T10:00:00+09:00"}}`
	lastDay  = `"effective_time_frame":{"time_interval":{"start_date_time":"2024-03-03T00:00:00+09:00","end_date_time":"2024-03-04T00:00:00+09:00"}}`
	night    = `"effective_time_frame":{"time_interval":{"start_date_time":"2024-03-03T23:00:00+09:00","duration":{"value":7,"unit":"h"}}}`
	dayParts = `"effective_time_frame":{"time_interval":{"date":"2024-03-03","part_of_day":"evening"}}`
)
