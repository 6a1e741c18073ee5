package measure

import "time"

// Measurement is one value in canonical form. A data point or an
// Observation gives one or more (blood pressure gives two).
type Measurement struct {
	Item   string // policy item ID (see Spec.Item)
	Metric Metric
	Value  float64 // in Unit; 0 for a text value
	Text   string  // the activity name for ActivityName; "" otherwise
	Unit   string  // canonical UCUM unit of Metric
	Start  time.Time
	End    time.Time // equal to Start for a point in time
}

// New builds a measurement of m in its canonical unit.
func New(m Metric, v float64, start, end time.Time) Measurement {
	out := Measurement{Metric: m, Value: v, Start: start, End: end}
	if s, ok := byMetric[m]; ok {
		out.Item, out.Unit = s.Item, s.Unit
	}
	return out
}

// Span is the length of the measurement's interval.
func (m Measurement) Span() time.Duration { return m.End.Sub(m.Start) }
