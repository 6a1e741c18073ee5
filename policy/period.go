package policy

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// ParsePeriod reads "90d", "1m" or "2y".
func ParsePeriod(s string) (Period, error) {
	if len(s) < 2 {
		return Period{}, fmt.Errorf("period %q: want a number and a unit d, m or y (e.g. 90d, 2y)", s)
	}
	unit := s[len(s)-1]
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || (unit != 'd' && unit != 'm' && unit != 'y') {
		return Period{}, fmt.Errorf("period %q: want a positive number and a unit d, m or y (e.g. 90d, 2y)", s)
	}
	return Period{N: n, Unit: unit}, nil
}

// UnmarshalYAML reads a period scalar.
func (p *Period) UnmarshalYAML(n *yaml.Node) error {
	return scalar(n, p, "period: want a scalar such as 2y", ParsePeriod)
}

// scalar parses the YAML scalar n into v with parse; a node that is not a
// scalar is the error want, and v is left as it was on any error.
func scalar[T any](n *yaml.Node, v *T, want string, parse func(string) (T, error)) error {
	if n.Kind != yaml.ScalarNode {
		return errors.New(want)
	}
	parsed, err := parse(n.Value)
	if err != nil {
		return err
	}
	*v = parsed
	return nil
}

// IsZero reports whether the period is unset.
func (p Period) IsZero() bool { return p.Unit == 0 }

// String writes the period as it is declared ("2y").
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return strconv.Itoa(p.N) + string(p.Unit)
}

// Korean writes the period for the public text ("2년", "90일", "1개월").
func (p Period) Korean() string {
	switch p.Unit {
	case 'd':
		return strconv.Itoa(p.N) + "일"
	case 'm':
		return strconv.Itoa(p.N) + "개월"
	case 'y':
		return strconv.Itoa(p.N) + "년"
	}
	return ""
}

// AddTo returns t moved forward by the period, in calendar terms.
func (p Period) AddTo(t time.Time) time.Time {
	switch p.Unit {
	case 'd':
		return t.AddDate(0, 0, p.N)
	case 'm':
		return t.AddDate(0, p.N, 0)
	case 'y':
		return t.AddDate(p.N, 0, 0)
	}
	return t
}

// Days gives an upper bound of the period in days, for comparing periods.
func (p Period) Days() int { return p.days(31, 366) }

// MinDays gives a lower bound of the period in days.
func (p Period) MinDays() int { return p.days(28, 365) }

// days is the period in days, counting a month as month days and a year as
// year days.
func (p Period) days(month, year int) int {
	switch p.Unit {
	case 'd':
		return p.N
	case 'm':
		return p.N * month
	case 'y':
		return p.N * year
	}
	return 0
}

const dateLayout = "2006-01-02"

// ParseDate reads "2006-01-02" as a date in UTC.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// UnmarshalYAML reads a date scalar.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	return scalar(n, d, "date: want YYYY-MM-DD", ParseDate)
}

// String writes the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(dateLayout)
}

// Korean writes the date as the seeds do ("2024. 3. 4.").
func (d Date) Korean() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d. %d. %d.", d.Year(), int(d.Month()), d.Day())
}
