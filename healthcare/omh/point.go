package omh

import (
	"time"

	"jikimi/healthcare/measure"
)

// Point is a validated data point.
type Point struct {
	ID      string // header.id
	Schema  SchemaID
	Created time.Time // header.creation_date_time
	// Start and End are the effective time frame; equal for a point in time.
	Start, End time.Time
	// PartOfDay is set ("morning", ...) when the frame was a date and a part
	// of the day; Start and End then span that whole Seoul day.
	PartOfDay string
	// Statistic is body.descriptive_statistic ("average", "maximum", ...),
	// "" for a single measurement.
	Statistic string
	// Relation is body.temporal_relationship_to_physical_activity ("at
	// rest", ...), "" when not given.
	Relation string
	Values   []measure.Measurement
}

// Items lists the distinct policy items of the point's values, in order.
func (p *Point) Items() []string {
	var out []string
	for _, v := range p.Values {
		if len(out) == 0 || !contains(out, v.Item) {
			out = append(out, v.Item)
		}
	}
	return out
}

// Value returns the point's first value of a metric.
func (p *Point) Value(m measure.Metric) (measure.Measurement, bool) {
	for _, v := range p.Values {
		if v.Metric == m {
			return v, true
		}
	}
	return measure.Measurement{}, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// dispersion statistics are not on the measured quantity's scale, so the
// plausibility bounds do not apply to them.
var dispersion = map[string]bool{
	"count": true, "standard deviation": true, "variance": true, "quartile deviation": true,
}
