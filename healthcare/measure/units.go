package measure

// A unit is a UCUM code with its dimension and its factor to the dimension's
// base (kg, m, s, or the unit itself where the dimension has one unit).
type unit struct {
	dim    dimension
	factor float64
}

type dimension uint8

const (
	mass dimension = iota + 1
	length
	duration
	count
	energy
	rate
	fraction
	pressure
	areal
	massConc
	molarConc
)

var units = map[string]unit{
	"kg": {mass, 1}, "g": {mass, 1e-3}, "mg": {mass, 1e-6}, "ug": {mass, 1e-9},
	"ng": {mass, 1e-12}, "pg": {mass, 1e-15}, "fg": {mass, 1e-18}, "t": {mass, 1e3},
	"[lb_av]": {mass, 0.45359237}, "[oz_av]": {mass, 0.028349523125},
	"[gr]": {mass, 64.79891e-6}, "[ston_av]": {mass, 907.18474},

	"m": {length, 1}, "km": {length, 1e3}, "cm": {length, 1e-2}, "mm": {length, 1e-3},
	"um": {length, 1e-6}, "nm": {length, 1e-9}, "pm": {length, 1e-12}, "fm": {length, 1e-15},
	"[in_i]": {length, 0.0254}, "[ft_i]": {length, 0.3048}, "[yd_i]": {length, 0.9144},
	"[mi_i]": {length, 1609.344},

	// UCUM: mo is the mean Julian month (30.4375 d), a the Julian year (365.25 d).
	"s": {duration, 1}, "ms": {duration, 1e-3}, "us": {duration, 1e-6}, "ns": {duration, 1e-9},
	"ps": {duration, 1e-12}, "min": {duration, 60}, "h": {duration, 3600}, "d": {duration, 86400},
	"wk": {duration, 604800}, "mo": {duration, 2629800}, "a": {duration, 31557600},

	"{steps}": {count, 1},
	"kcal":    {energy, 1},
	"/min":    {rate, 1},
	"%":       {fraction, 1},
	"mm[Hg]":  {pressure, 1},
	"kg/m2":   {areal, 1},
	"mg/dL":   {massConc, 1},
	"mmol/L":  {molarConc, 1},
}

// Known reports whether the UCUM code is in the conversion table.
func Known(ucum string) bool { _, ok := units[ucum]; return ok }

// Seconds converts a duration in a UCUM time unit to seconds.
func Seconds(v float64, ucum string) (float64, bool) {
	u, ok := units[ucum]
	if !ok || u.dim != duration {
		return 0, false
	}
	return v * u.factor, true
}

// ToCanonical converts v in the UCUM unit from to m's canonical unit. It
// fails for a unit of another dimension; mg/dL and mmol/L convert into each
// other only for a metric with a molar mass in the table.
func ToCanonical(m Metric, v float64, from string) (float64, bool) {
	s, ok := byMetric[m]
	if !ok {
		return 0, false
	}
	f, okF := units[from]
	t, okT := units[s.Unit]
	switch {
	case !okF || !okT:
		return 0, false
	case f.dim == t.dim:
		return v * f.factor / t.factor, true
	case f.dim == massConc && t.dim == molarConc && s.MgPerDLPerMmolPerL > 0:
		return v / s.MgPerDLPerMmolPerL, true
	}
	return 0, false
}
