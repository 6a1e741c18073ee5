package pages

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/ingest"
	"jikimi/healthcare/measure"
	"jikimi/web"
)

// recordsPage is where a participant enters their own measurements and a
// check-up's results.
type recordsPage struct {
	web.Base
	Today  string
	Error  string
	Values map[string]string // what was typed, shown again after an error
}

func (p *Pages) records(w http.ResponseWriter, r *http.Request) error {
	if _, err := p.participant(r); err != nil {
		return err
	}
	return render(w, r, "records", p.recordsPage(r, ""))
}

func (p *Pages) recordsPage(r *http.Request, msg string) *recordsPage {
	page := &recordsPage{Base: base("건강기록"), Today: measure.DateOf(p.cfg.Clock.Now()).String(), Error: msg, Values: map[string]string{}}
	page.Notice = notice(r)
	for k, v := range r.PostForm {
		if k != "csrf" && len(v) > 0 {
			page.Values[k] = v[0]
		}
	}
	return page
}

// number reads an optional number field: nil when empty.
func number(r *http.Request, name string) (*float64, error) {
	s := strings.TrimSpace(r.PostForm.Get(name))
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, errs.E(errs.Invalid, "숫자로 입력해 주세요: %s (%s: not a number)", fieldNames[name], name)
	}
	return &v, nil
}

var fieldNames = map[string]string{"height": "키", "weight": "몸무게", "waist": "허리둘레", "systolic": "수축기 혈압", "diastolic": "이완기 혈압",
	"glucose": "공복 혈당", "hdl": "HDL 콜레스테롤", "triglycerides": "중성지방", "water": "물 섭취량"}

// numbers reads the named fields, all optional.
func numbers(r *http.Request, names ...string) (map[string]*float64, error) {
	out := map[string]*float64{}
	for _, n := range names {
		v, err := number(r, n)
		if err != nil {
			return nil, err
		}
		out[n] = v
	}
	return out, nil
}

func quantity(v *float64, unit string) *ingest.Quantity {
	if v == nil {
		return nil
	}
	return &ingest.Quantity{Value: *v, Unit: unit}
}

// report stores a self-report (ingest.Report, as POST /me/reports does).
func (p *Pages) report(w http.ResponseWriter, r *http.Request) error {
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	v, err := numbers(r, "height", "weight", "waist", "systolic", "diastolic", "glucose", "water")
	if err == nil {
		s := &ingest.SelfReport{On: r.PostForm.Get("on"), Height: quantity(v["height"], "cm"), Weight: quantity(v["weight"], "kg"),
			Waist: quantity(v["waist"], "cm"), BloodGlucose: quantity(v["glucose"], "mg/dL"), WaterIntakeML: v["water"]}
		if v["systolic"] != nil || v["diastolic"] != nil {
			s.BloodPressure = &ingest.BloodPressure{Systolic: deref(v["systolic"]), Diastolic: deref(v["diastolic"])}
		}
		_, err = p.cfg.Ingest.Report(r.Context(), self, self.ID, s)
	}
	if err != nil {
		return p.formError(w, r, err, "records", func(msg string) (web.Page, error) { return p.recordsPage(r, msg), nil })
	}
	return web.SeeOther(w, r, "/healthcare/records?done=report")
}

func deref(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}

// checkup stores a check-up's results as FHIR R4 Observations
// (ingest.Checkup, as POST /me/checkups does).
func (p *Pages) checkup(w http.ResponseWriter, r *http.Request) error {
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	var obs []json.RawMessage
	v, err := numbers(r, "height", "weight", "waist", "systolic", "diastolic", "glucose", "hdl", "triglycerides")
	if err == nil {
		obs, err = observations(r.PostForm.Get("on"), v)
	}
	if err == nil {
		_, err = p.cfg.Ingest.Checkup(r.Context(), self, self.ID, obs)
	}
	if err != nil {
		return p.formError(w, r, err, "records", func(msg string) (web.Page, error) { return p.recordsPage(r, msg), nil })
	}
	return web.SeeOther(w, r, "/healthcare/records?done=checkup")
}

// checkupCodes are the LOINC codes of the check-up form's fields, with
// their UCUM units and category.
var checkupCodes = []struct{ Field, Code, Unit, Category string }{
	{"height", "8302-2", "cm", "vital-signs"},
	{"weight", "29463-7", "kg", "vital-signs"},
	{"waist", "8280-0", "cm", "vital-signs"},
	{"glucose", "2339-0", "mg/dL", "laboratory"},
	{"hdl", "2085-9", "mg/dL", "laboratory"},
	{"triglycerides", "2571-8", "mg/dL", "laboratory"},
}

// observations writes the entered results as FHIR R4 Observations on the
// check-up day (Seoul morning), one per field given.
func observations(on string, v map[string]*float64) ([]json.RawMessage, error) {
	day, err := measure.ParseDate(on)
	if err != nil {
		return nil, errs.E(errs.Invalid, "검진일을 입력해 주세요 (on: want YYYY-MM-DD)")
	}
	at := day.Start().Add(9 * time.Hour).Format("2006-01-02T15:04:05-07:00")
	var out []json.RawMessage
	for _, c := range checkupCodes {
		if x := v[c.Field]; x != nil {
			out = append(out, observation(c.Category, c.Code, at, fmt.Sprintf(`,"valueQuantity":%s`, ucum(*x, c.Unit))))
		}
	}
	if v["systolic"] != nil || v["diastolic"] != nil {
		comp := func(code string, x *float64) string {
			return fmt.Sprintf(`{"code":{"coding":[{"system":"http://loinc.org","code":%q}]},"valueQuantity":%s}`, code, ucum(deref(x), "mm[Hg]"))
		}
		out = append(out, observation("vital-signs", "85354-9", at, `,"component":[`+comp("8480-6", v["systolic"])+","+comp("8462-4", v["diastolic"])+"]"))
	}
	if len(out) == 0 {
		return nil, errs.E(errs.Invalid, "검진 결과를 하나 이상 입력해 주세요 (no result entered)")
	}
	return out, nil
}

func ucum(v float64, unit string) string {
	return fmt.Sprintf(`{"value":%s,"unit":%q,"system":"http://unitsofmeasure.org","code":%q}`, strconv.FormatFloat(v, 'f', -1, 64), unit, unit)
}

func observation(category, code, at, value string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"resourceType":"Observation","status":"final",`+
		`"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":%q}]}],`+
		`"code":{"coding":[{"system":"http://loinc.org","code":%q}]},"subject":{"reference":"Patient/self"},"effectiveDateTime":%q%s}`,
		category, code, at, value))
}
