package omh

import "jikimi/healthcare/measure"

// extractors read each supported schema's body, by schema name. Every
// version of a name is read by the same function: the versions differ in
// what is required and in references, and where a property changed shape
// (step_count: number, then unit-value) the reader takes both.
var extractors = map[string]func(*reader){
	"step-count": func(r *reader) { r.count(measure.Steps, "step_count") },
	"heart-rate": func(r *reader) { r.quantity(measure.HeartRate, "heart_rate") },
	"sleep-duration": func(r *reader) {
		r.quantity(measure.SleepDuration, "sleep_duration")
	},
	"sleep-episode": sleepEpisode,
	"oxygen-saturation": func(r *reader) {
		r.quantity(measure.OxygenSaturation, "oxygen_saturation")
	},
	"physical-activity": physicalActivity,
	"calories-burned": func(r *reader) {
		r.quantity(measure.CaloriesBurned, "kcal_burned")
		r.text(measure.ActivityName, "activity_name")
	},
	"blood-pressure":      bloodPressure,
	"body-weight":         func(r *reader) { r.quantity(measure.BodyWeight, "body_weight") },
	"body-mass-index":     func(r *reader) { r.quantity(measure.BodyMassIndex, "body_mass_index") },
	"body-fat-percentage": func(r *reader) { r.quantity(measure.BodyFat, "body_fat_percentage") },
	"blood-glucose":       func(r *reader) { r.quantity(measure.BloodGlucose, "blood_glucose") },
}

// metrics lists what each schema can carry: the policy items a point of it
// touches are theirs (see Items).
var metrics = map[string][]measure.Metric{
	"step-count":          {measure.Steps},
	"heart-rate":          {measure.HeartRate},
	"sleep-duration":      {measure.SleepDuration},
	"sleep-episode":       {measure.SleepDuration},
	"oxygen-saturation":   {measure.OxygenSaturation},
	"physical-activity":   {measure.ActivityName, measure.ActivityDuration, measure.ActivityDistance, measure.CaloriesBurned},
	"calories-burned":     {measure.CaloriesBurned, measure.ActivityName},
	"blood-pressure":      {measure.Systolic, measure.Diastolic},
	"body-weight":         {measure.BodyWeight},
	"body-mass-index":     {measure.BodyMassIndex},
	"body-fat-percentage": {measure.BodyFat},
	"blood-glucose":       {measure.BloodGlucose},
}

// Items lists the policy items (purpose health-service) a point of the named
// schema may hold: the consent the gate must find before storing it. Nil for
// an unsupported name.
func Items(name string) []string {
	var out []string
	for _, m := range metrics[name] {
		if !contains(out, m.Item()) {
			out = append(out, m.Item())
		}
	}
	return out
}

// sleepEpisode takes total_sleep_time, or else the episode's length.
func sleepEpisode(r *reader) {
	if _, ok := r.body["total_sleep_time"]; ok {
		r.quantity(measure.SleepDuration, "total_sleep_time")
		return
	}
	r.minutes(measure.SleepDuration)
}

func physicalActivity(r *reader) {
	r.text(measure.ActivityName, "activity_name")
	r.minutes(measure.ActivityDuration)
	r.quantity(measure.ActivityDistance, "distance")
	r.quantity(measure.CaloriesBurned, "kcal_burned")
}

// bloodPressure reads both pressures; a systolic not above the diastolic is
// implausible.
func bloodPressure(r *reader) {
	r.quantity(measure.Systolic, "systolic_blood_pressure")
	r.quantity(measure.Diastolic, "diastolic_blood_pressure")
	if r.err == nil && !dispersion[r.p.Statistic] && r.p.Values[0].Value <= r.p.Values[1].Value {
		r.err = reject(measure.OutOfRange, "/body/diastolic_blood_pressure/value")
	}
}
