package omh

import (
	"encoding/json"
	"strconv"
)

// ucumOf maps the Open mHealth unit names (their schemas draw them from the
// "common synonyms" column of UCUM) to UCUM codes where the two differ.
var ucumOf = map[string]string{
	"beats/min": "/min", "mmHg": "mm[Hg]", "kg/m^2": "kg/m2", "steps": "{steps}",
	"Metric Ton": "t", "gr": "[gr]", "oz": "[oz_av]", "lb": "[lb_av]", "Ton": "[ston_av]",
	"in": "[in_i]", "ft": "[ft_i]", "yd": "[yd_i]", "mi": "[mi_i]",
	"sec": "s", "Mo": "mo", "yr": "a",
}

// ucum is the UCUM code of an Open mHealth unit name.
func ucum(unit string) string {
	if u, ok := ucumOf[unit]; ok {
		return u
	}
	return unit
}

// unitValue reads a unit-value object.
func unitValue(uv map[string]any) (float64, string, bool) {
	n, ok := uv["value"].(json.Number)
	unit, ok2 := uv["unit"].(string)
	if !ok || !ok2 {
		return 0, "", false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	return f, unit, err == nil
}
