package civil

import (
	"fmt"
	"time"

	"jikimi/errs"
)

// Date is a day of the Gregorian calendar, years 1 to 9999. The zero Date is
// "no date" (IsZero); it is smaller than every real day.
type Date struct {
	y    int16
	m, d uint8
}

// New returns the date y-m-d, or errs.Invalid when it is not a real day.
func New(y int, m time.Month, d int) (Date, error) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if y < 1 || y > 9999 || t.Year() != y || t.Month() != m || t.Day() != d {
		return Date{}, errs.E(errs.Invalid, "not a real calendar day")
	}
	return Date{y: int16(y), m: uint8(m), d: uint8(d)}, nil
}

// Parse reads a date written "2006-01-02".
func Parse(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, errs.E(errs.Invalid, "date must be written YYYY-MM-DD")
	}
	return New(t.Date())
}

// MustParse is Parse for dates written in code and tests; it panics on a
// malformed date.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic("civil.MustParse: " + err.Error())
	}
	return d
}

// Of returns the day of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y: int16(y), m: uint8(m), d: uint8(d)}
}

// seoul is Korea Standard Time. Korea has kept UTC+9 without daylight saving
// since 1988, so a fixed zone is exact for every day the services handle and
// needs no time-zone database on the host.
var seoul = time.FixedZone("KST", 9*60*60)

// InSeoul returns the day it is in Korea at instant t: the day every age,
// life stage and yearly table is reckoned on.
func InSeoul(t time.Time) Date { return Of(t.In(seoul)) }

// Year, Month and Day return the parts of the date.
func (d Date) Year() int         { return int(d.y) }
func (d Date) Month() time.Month { return time.Month(d.m) }
func (d Date) Day() int          { return int(d.d) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.key(), e.key()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.key() < e.key() }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.key() > e.key() }

func (d Date) key() int32 { return int32(d.y)<<16 | int32(d.m)<<8 | int32(d.d) }

// String writes the date as "2006-01-02".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d) }

// MarshalText writes the date as "2006-01-02".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date written "2006-01-02".
func (d *Date) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// AddDays returns the date n days after d (before it, for negative n).
func (d Date) AddDays(n int) Date {
	return Of(time.Date(int(d.y), time.Month(d.m), int(d.d), 12, 0, 0, 0, time.UTC).AddDate(0, 0, n))
}
