package omh

import (
	"time"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

// maxInterval bounds an effective time frame: no wearable reports on more
// than a year at once, and it keeps durations far from overflowing.
const maxInterval = 366 * 24 * time.Hour

const framePath = "/body/effective_time_frame"

// frame reads body.effective_time_frame into Start, End and PartOfDay.
func (p *Point) frame(body map[string]any, now time.Time) *errs.Error {
	tf, ok := body["effective_time_frame"].(map[string]any)
	if !ok {
		return reject(measure.NoEffectiveTime, framePath)
	}
	ti, isInterval := tf["time_interval"].(map[string]any)
	if t, ok := instant(tf, "date_time"); ok {
		p.Start, p.End = t, t
	} else if !isInterval {
		return reject(measure.SchemaViolation, framePath) // the schemas rule this out
	} else if rej := p.interval(ti); rej != nil {
		return rej
	}
	last := p.End
	if p.PartOfDay != "" {
		last = p.Start // the day has begun; its parts may still be ahead
	}
	if measure.Future(last, now) {
		return reject(measure.FutureTimestamp, framePath)
	}
	if measure.Past(p.Start) {
		return reject(measure.PastTimestamp, framePath)
	}
	return nil
}

// interval reads one of the four forms of time-interval-1.0. Its oneOf
// makes exactly one apply, but an invalid member of another form may stand
// beside it, so each form is recognised by valid members only.
func (p *Point) interval(ti map[string]any) *errs.Error {
	const path = framePath + "/time_interval"
	start, hasStart := instant(ti, "start_date_time")
	end, hasEnd := instant(ti, "end_date_time")
	dur, hasDur := ti["duration"].(map[string]any)
	switch {
	case hasStart && hasEnd:
		p.Start, p.End = start, end
	case (hasStart || hasEnd) && hasDur:
		d, ok := duration(dur)
		if !ok {
			return reject(measure.OutOfRange, path+"/duration")
		}
		p.Start, p.End = start, start.Add(d)
		if !hasStart {
			p.Start, p.End = end.Add(-d), end
		}
	default:
		return p.partOfDay(ti)
	}
	if p.End.Before(p.Start) || p.End.Sub(p.Start) > maxInterval {
		return reject(measure.OutOfRange, path)
	}
	return nil
}

// partOfDay reads a date and a part of the day as that whole Seoul day.
func (p *Point) partOfDay(ti map[string]any) *errs.Error {
	date, _ := ti["date"].(string)
	part, ok := ti["part_of_day"].(string)
	d, err := measure.ParseDate(date)
	if err != nil || !ok {
		return reject(measure.SchemaViolation, framePath+"/time_interval/date")
	}
	p.Start, p.End = d.Start(), d.AddDays(1).Start()
	p.PartOfDay = part
	return nil
}

func instant(obj map[string]any, key string) (time.Time, bool) {
	s, ok := obj[key].(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// duration reads a duration-unit-value, refusing negative and overlong ones.
func duration(uv map[string]any) (time.Duration, bool) {
	v, unit, ok := unitValue(uv)
	if !ok {
		return 0, false
	}
	secs, ok := measure.Seconds(v, ucum(unit))
	if !ok || secs < 0 || secs > maxInterval.Seconds() {
		return 0, false
	}
	return time.Duration(secs * float64(time.Second)), true
}
