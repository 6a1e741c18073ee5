package fhir

import (
	"errors"
	"math"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/measure"
)

func TestParseValid(t *testing.T) {
	t.Parallel()
	nine := time.Date(2024, 3, 4, 9, 0, 0, 0, measure.Seoul)
	tests := map[string]struct {
		raw    []byte
		metric []measure.Metric
		value  []float64
		start  time.Time
	}{
		"body height in cm":                {observation("vital-signs", "8302-2", qty(172.5, "cm")).json(), []measure.Metric{measure.BodyHeight}, []float64{172.5}, nine},
		"body height in inches":            {observation("vital-signs", "8302-2", qty(70, "[in_i]")).json(), []measure.Metric{measure.BodyHeight}, []float64{177.8}, nine},
		"body weight in kg":                {observation("vital-signs", "29463-7", qty(68.2, "kg")).json(), []measure.Metric{measure.BodyWeight}, []float64{68.2}, nine},
		"body weight in pounds":            {observation("vital-signs", "29463-7", qty(150, "[lb_av]")).json(), []measure.Metric{measure.BodyWeight}, []float64{68.0388555}, nine},
		"body weight in grams":             {observation("vital-signs", "29463-7", qty(68200, "g")).json(), []measure.Metric{measure.BodyWeight}, []float64{68.2}, nine},
		"BMI":                              {observation("vital-signs", "39156-5", qty(23.1, "kg/m2")).json(), []measure.Metric{measure.BodyMassIndex}, []float64{23.1}, nine},
		"heart rate":                       {observation("vital-signs", "8867-4", qty(64, "/min")).json(), []measure.Metric{measure.HeartRate}, []float64{64}, nine},
		"oxygen saturation":                {observation("vital-signs", "2708-6", qty(98, "%")).json(), []measure.Metric{measure.OxygenSaturation}, []float64{98}, nine},
		"blood pressure panel":             {bp(121, 79).json(), []measure.Metric{measure.Systolic, measure.Diastolic}, []float64{121, 79}, nine},
		"HDL in mg/dL":                     {observation("laboratory", "2085-9", qty(58, "mg/dL")).json(), []measure.Metric{measure.HDL}, []float64{58 / 38.67}, nine},
		"HDL in mmol/L":                    {observation("laboratory", "2085-9", qty(1.5, "mmol/L")).json(), []measure.Metric{measure.HDL}, []float64{1.5}, nine},
		"triglycerides by mass":            {observation("laboratory", "2571-8", qty(150, "mg/dL")).json(), []measure.Metric{measure.Triglycerides}, []float64{150 / 88.57}, nine},
		"triglycerides by moles":           {observation("laboratory", "35217-9", qty(1.7, "mmol/L")).json(), []measure.Metric{measure.Triglycerides}, []float64{1.7}, nine},
		"fasting glucose in mg/dL":         {observation("laboratory", "2339-0", qty(95, "mg/dL")).json(), []measure.Metric{measure.BloodGlucose}, []float64{95 / 18.016}, nine},
		"glucose in mmol/L":                {observation("laboratory", "15074-8", qty(5.3, "mmol/L")).json(), []measure.Metric{measure.BloodGlucose}, []float64{5.3}, nine},
		"waist in cm":                      {observation("vital-signs", "8280-0", qty(84, "cm")).json(), []measure.Metric{measure.Waist}, []float64{84}, nine},
		"waist in inches":                  {observation("vital-signs", "8280-0", qty(33, "[in_i]")).json(), []measure.Metric{measure.Waist}, []float64{83.82}, nine},
		"body fat":                         {observation("vital-signs", "41982-0", qty(24.5, "%")).json(), []measure.Metric{measure.BodyFat}, []float64{24.5}, nine},
		"a lab result without subject":     {observation("laboratory", "2339-0", qty(95, "mg/dL")).with("subject", nil).json(), []measure.Metric{measure.BloodGlucose}, []float64{95 / 18.016}, nine},
		"the known code among others":      {observation("vital-signs", "29463-7", qty(70, "kg")).with("code", concept(coding("http://example.org/local", "W"), coding(loincSystem, "3141-9"), coding(loincSystem, "29463-7"))).json(), []measure.Metric{measure.BodyWeight}, []float64{70}, nine},
		"a date without a time":            {observation("vital-signs", "29463-7", qty(70, "kg")).with("effectiveDateTime", "2024-03-04").json(), []measure.Metric{measure.BodyWeight}, []float64{70}, measure.Date{Year: 2024, Month: 3, Day: 4}.Start()},
		"an instant":                       {observation("vital-signs", "29463-7", qty(70, "kg")).with("effectiveDateTime", nil, "effectiveInstant", "2024-03-04T00:00:00Z").json(), []measure.Metric{measure.BodyWeight}, []float64{70}, nine},
		"a period":                         {observation("vital-signs", "29463-7", qty(70, "kg")).with("effectiveDateTime", nil, "effectivePeriod", map[string]any{"start": "2024-03-04T09:00:00+09:00", "end": "2024-03-04T09:10:00+09:00"}).json(), []measure.Metric{measure.BodyWeight}, []float64{70}, nine},
		"a period with an end only":        {observation("vital-signs", "29463-7", qty(70, "kg")).with("effectiveDateTime", nil, "effectivePeriod", map[string]any{"end": "2024-03-04T09:00:00+09:00"}).json(), []measure.Metric{measure.BodyWeight}, []float64{70}, nine},
		"no category: the policy decides":  {observation("vital-signs", "29463-7", qty(70, "kg")).with("category", nil).json(), []measure.Metric{measure.BodyWeight}, []float64{70}, nine},
		"a vital sign filed as laboratory": {observation("laboratory", "29463-7", qty(70, "kg")).json(), []measure.Metric{measure.BodyWeight}, []float64{70}, nine},
		"weight by a narrower code":        {observation("vital-signs", "3141-9", qty(70, "kg")).json(), []measure.Metric{measure.BodyWeight}, []float64{70}, nine},
		"mean arterial pressure":           {observation("vital-signs", "8478-0", qty(93, "mm[Hg]")).json(), []measure.Metric{measure.MeanArterialPressure}, []float64{93}, nine},
		"glucose in serum":                 {observation("laboratory", "2345-7", qty(95, "mg/dL")).json(), []measure.Metric{measure.BloodGlucose}, []float64{95 / 18.016}, nine},
		"an amended result":                {observation("vital-signs", "29463-7", qty(70, "kg")).with("status", "amended").json(), []measure.Metric{measure.BodyWeight}, []float64{70}, nine},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			o, err := Parse(tc.raw, now)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(o.Values) != len(tc.metric) || !o.Start.Equal(tc.start) || o.ID != "synthetic-obs-1" {
				t.Fatalf("Parse = %+v", o)
			}
			for i, v := range o.Values {
				spec, _ := measure.SpecOf(tc.metric[i])
				if v.Metric != tc.metric[i] || math.Abs(v.Value-tc.value[i]) > 1e-6 || v.Item != spec.Item || v.Unit != spec.Unit {
					t.Errorf("value %d = %+v, want %s %v", i, v, tc.metric[i], tc.value[i])
				}
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	weight := observation("vital-signs", "29463-7", qty(70, "kg"))
	glucose := observation("laboratory", "2339-0", qty(95, "mg/dL"))
	tests := map[string]struct {
		raw    []byte
		reason string
		path   string
	}{
		"not JSON":                           {[]byte(`{"resourceType":`), measure.SchemaViolation, "/"},
		"not an object":                      {[]byte(`["Observation"]`), measure.SchemaViolation, "/"},
		"too large":                          {append(weight.json(), make([]byte, MaxSize)...), measure.SchemaViolation, "/"},
		"a Patient":                          {weight.with("resourceType", "Patient").json(), measure.UnknownSchema, "/resourceType"},
		"no resourceType":                    {weight.with("resourceType", nil).json(), measure.UnknownSchema, "/resourceType"},
		"resourceType not a string":          {weight.with("resourceType", 1).json(), measure.SchemaViolation, "/resourceType"},
		"no status":                          {weight.with("status", nil).json(), measure.SchemaViolation, "/status"},
		"a preliminary result":               {weight.with("status", "preliminary").json(), measure.SchemaViolation, "/status"},
		"entered in error":                   {weight.with("status", "entered-in-error").json(), measure.SchemaViolation, "/status"},
		"a status not in the value set":      {weight.with("status", "done").json(), measure.SchemaViolation, "/status"},
		"no code":                            {weight.with("code", nil).json(), measure.SchemaViolation, "/code"},
		"codings not a list":                 {weight.with("code", map[string]any{"coding": "29463-7"}).json(), measure.SchemaViolation, "/code/coding"},
		"a LOINC code not known":             {observation("laboratory", "789-8", qty(4.5, "10*12/L")).json(), measure.UnknownCode, "/code"},
		"a code the policy does not declare": {observation("vital-signs", "8310-5", qty(36.5, "Cel")).json(), measure.UndeclaredItem, "/code"},
		"the code in another system":         {weight.with("code", concept(coding("http://snomed.info/sct", "29463-7"))).json(), measure.UnknownCode, "/code"},
		"a vital sign without subject":       {weight.with("subject", nil).json(), measure.SchemaViolation, "/subject"},
		"a vital sign without time":          {weight.with("effectiveDateTime", nil).json(), measure.SchemaViolation, "/effective[x]"},
		"a lab result without time":          {glucose.with("effectiveDateTime", nil).json(), measure.NoEffectiveTime, "/effective[x]"},
		"two effective times":                {weight.with("effectiveInstant", "2024-03-04T09:00:00Z").json(), measure.SchemaViolation, "/effective[x]"},
		"a timing":                           {glucose.with("effectiveDateTime", nil, "effectiveTiming", map[string]any{}).json(), measure.NoEffectiveTime, "/effectiveTiming"},
		"a month only":                       {weight.with("effectiveDateTime", "2024-03").json(), measure.NoEffectiveTime, "/effectiveDateTime"},
		"a time without a zone":              {weight.with("effectiveDateTime", "2024-03-04T09:00:00").json(), measure.SchemaViolation, "/effectiveDateTime"},
		"an impossible date":                 {weight.with("effectiveDateTime", "2024-02-30").json(), measure.SchemaViolation, "/effectiveDateTime"},
		"a period ending before it starts":   {weight.with("effectiveDateTime", nil, "effectivePeriod", map[string]any{"start": "2024-03-04T10:00:00Z", "end": "2024-03-04T09:00:00Z"}).json(), measure.OutOfRange, "/effectivePeriod"},
		"an empty period":                    {weight.with("effectiveDateTime", nil, "effectivePeriod", map[string]any{}).json(), measure.NoEffectiveTime, "/effectivePeriod"},
		"measured in the future":             {weight.with("effectiveDateTime", "2024-03-04T12:05:01+09:00").json(), measure.FutureTimestamp, "/effectiveDateTime"},
		"measured in year 1":                 {weight.with("effectiveDateTime", "0001-01-01T00:00:00Z").json(), measure.PastTimestamp, "/effectiveDateTime"},
		"a day in 1999":                      {weight.with("effectiveDateTime", "1999-12-31").json(), measure.PastTimestamp, "/effectiveDateTime"},
		"tomorrow's date":                    {weight.with("effectiveDateTime", "2024-03-05").json(), measure.FutureTimestamp, "/effectiveDateTime"},
		"no valueQuantity":                   {weight.with("valueQuantity", nil, "valueString", "70 kg").json(), measure.SchemaViolation, "/valueQuantity"},
		"value not a number":                 {observation("vital-signs", "29463-7", qty("70", "kg")).json(), measure.SchemaViolation, "/valueQuantity/value"},
		"a comparator":                       {weight.with("valueQuantity", map[string]any{"value": 70, "comparator": "<", "unit": "kg", "system": ucumSystem, "code": "kg"}).json(), measure.SchemaViolation, "/valueQuantity/comparator"},
		"no unit system":                     {weight.with("valueQuantity", map[string]any{"value": 70, "unit": "kg", "code": "kg"}).json(), measure.SchemaViolation, "/valueQuantity/system"},
		"no unit code":                       {weight.with("valueQuantity", map[string]any{"value": 70, "unit": "kg", "system": ucumSystem}).json(), measure.SchemaViolation, "/valueQuantity/code"},
		"no unit text in a vital sign":       {weight.with("valueQuantity", map[string]any{"value": 70, "system": ucumSystem, "code": "kg"}).json(), measure.SchemaViolation, "/valueQuantity/unit"},
		"a unit system other than UCUM":      {weight.with("valueQuantity", map[string]any{"value": 70, "unit": "kg", "system": "http://example.org/units", "code": "kg"}).json(), measure.BadUnit, "/valueQuantity/system"},
		"a unit outside the value set":       {observation("vital-signs", "29463-7", qty(11, "[stone_av]")).json(), measure.BadUnit, "/valueQuantity/code"},
		"a mass unit for a height":           {observation("vital-signs", "8302-2", qty(70, "kg")).json(), measure.BadUnit, "/valueQuantity/code"},
		"BMI in another unit":                {observation("vital-signs", "39156-5", qty(23, "kg/cm2")).json(), measure.BadUnit, "/valueQuantity/code"},
		"glucose in g/L":                     {observation("laboratory", "2339-0", qty(0.95, "g/L")).json(), measure.BadUnit, "/valueQuantity/code"},
		"weight beyond the bound":            {observation("vital-signs", "29463-7", qty(900, "[lb_av]")).json(), measure.OutOfRange, "/valueQuantity/value"},
		"glucose beyond the bound":           {observation("laboratory", "2339-0", qty(1000, "mg/dL")).json(), measure.OutOfRange, "/valueQuantity/value"},
		"SpO2 above 100":                     {observation("vital-signs", "2708-6", qty(101, "%")).json(), measure.OutOfRange, "/valueQuantity/value"},
		"a number beyond float64":            {[]byte(`{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"` + categorySystem + `","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{},"effectiveDateTime":"2024-03-04","valueQuantity":{"value":1e999,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}`), measure.OutOfRange, "/valueQuantity/value"},
		"a panel with a valueQuantity":       {bp(120, 80).with("valueQuantity", qty(120, "mm[Hg]")).json(), measure.SchemaViolation, "/valueQuantity"},
		"a panel without components":         {bp(120, 80).with("component", nil).json(), measure.SchemaViolation, "/component"},
		"a panel missing the diastolic":      {bp(120, 80).with("component", bp(120, 80)["component"].([]any)[:1]).json(), measure.SchemaViolation, "/component"},
		"a panel with two systolics":         {bp(120, 80).with("component", append(bp(120, 80)["component"].([]any), bp(121, 80)["component"].([]any)[0])).json(), measure.SchemaViolation, "/component"},
		"a component without a value":        {bp(120, 80).with("component", []any{map[string]any{"code": concept(coding(loincSystem, "8480-6"))}, bp(120, 80)["component"].([]any)[1]}).json(), measure.SchemaViolation, "/component/0/valueQuantity"},
		"a component in another unit":        {bp(120, 80).with("component", []any{map[string]any{"code": concept(coding(loincSystem, "8480-6")), "valueQuantity": qty(16, "kPa")}, bp(120, 80)["component"].([]any)[1]}).json(), measure.BadUnit, "/component/0/valueQuantity/code"},
		"systolic above 260":                 {bp(261, 80).json(), measure.OutOfRange, "/component/0/valueQuantity/value"},
		"systolic not above diastolic":       {bp(80, 90).json(), measure.OutOfRange, "/component/1/valueQuantity/value"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			o, err := Parse(tc.raw, now)
			var e *errs.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse = %+v, %v; want %s", o, err, tc.reason)
			}
			want := "fhir: " + tc.reason + " at " + tc.path
			var ref *Refusal
			if errors.As(err, &ref) && ref.Code != "" {
				want += " (LOINC " + ref.Code + ")"
			}
			if e.Code != errs.Invalid || e.Reason != tc.reason || e.Error() != want {
				t.Fatalf("error = %q (%s), want %q", e.Error(), e.Reason, want)
			}
		})
	}
}
