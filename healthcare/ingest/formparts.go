package ingest

import (
	"fmt"
	"slices"
	"time"

	"jikimi/healthcare/measure"
)

// The structured items of a self-report.

func (f *form) bloodPressure(bp *BloodPressure) {
	if bp == nil {
		return
	}
	switch {
	case !measure.Plausible(measure.Systolic, bp.Systolic, 0):
		f.fail(measure.OutOfRange, "/blood_pressure/systolic")
	case !measure.Plausible(measure.Diastolic, bp.Diastolic, 0) || bp.Diastolic >= bp.Systolic:
		f.fail(measure.OutOfRange, "/blood_pressure/diastolic")
	default:
		f.put("blood_pressure", bp)
	}
}

func (f *form) bodyComposition(bc *BodyComposition) {
	if bc == nil {
		return
	}
	out := BodyComposition{}
	if bc.FatPercent != nil {
		if !measure.Plausible(measure.BodyFat, *bc.FatPercent, 0) {
			f.fail(measure.OutOfRange, "/body_composition/fat_percent")
			return
		}
		out.FatPercent = bc.FatPercent
	}
	if bc.MuscleMass != nil {
		// Muscle mass is a mass: body weight's units, and its bounds hold it.
		kg, ok := f.canonical("/body_composition/muscle_mass", measure.BodyWeight, *bc.MuscleMass)
		if !ok {
			return
		}
		out.MuscleMass = &Quantity{kg, "kg"}
	}
	if out.FatPercent == nil && out.MuscleMass == nil {
		f.fail(ReasonBadValue, "/body_composition")
		return
	}
	f.put("body_composition", out)
}

func (f *form) births(n *int) {
	if n == nil {
		return
	}
	if *n < 0 || *n > 20 {
		f.fail(measure.OutOfRange, "/childbirth")
		return
	}
	f.put("childbirth", *n)
}

func (f *form) diet(meals []Meal) {
	if meals == nil {
		return
	}
	if len(meals) == 0 || len(meals) > 20 {
		f.fail(ReasonBadValue, "/diet")
		return
	}
	for i, m := range meals {
		path := fmt.Sprintf("/diet/%d", i)
		switch {
		case !slices.Contains(mealChoices, m.Meal):
			f.fail(ReasonBadValue, path+"/meal")
		case m.Kcal < 0 || m.Kcal > 10_000:
			f.fail(measure.OutOfRange, path+"/kcal")
		case m.Note != "" && !okText(m.Note):
			f.fail(ReasonBadValue, path+"/note")
		}
	}
	f.put("diet", meals)
}

func (f *form) menstruation(m *Menstruation, now time.Time) {
	if m == nil {
		return
	}
	start, err := measure.ParseDate(m.Start)
	if err != nil {
		f.fail(ReasonBadValue, "/menstruation/start")
		return
	}
	if measure.DateOf(now).Before(start) {
		f.fail(measure.FutureTimestamp, "/menstruation/start")
		return
	}
	if measure.Past(start.Start()) {
		f.fail(measure.PastTimestamp, "/menstruation/start")
		return
	}
	if m.End != "" {
		end, err := measure.ParseDate(m.End)
		if err != nil || end.Before(start) || start.AddDays(15).Before(end) {
			f.fail(ReasonBadValue, "/menstruation/end")
			return
		}
	}
	if m.Flow != "" && !slices.Contains(flowChoices, m.Flow) {
		f.fail(ReasonBadValue, "/menstruation/flow")
		return
	}
	f.put("menstruation", m)
}

func (f *form) session(item, path string, s *Session) {
	if s == nil {
		return
	}
	switch {
	case !okText(s.Program):
		f.fail(ReasonBadValue, path+"/program")
	case s.Minutes <= 0 || s.Minutes > 600:
		f.fail(measure.OutOfRange, path+"/minutes")
	default:
		f.put(item, s)
	}
}
