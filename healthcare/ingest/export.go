package ingest

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"jikimi/healthcare/measure"
	"jikimi/healthcare/omh"
	"jikimi/vault"
)

// The export of a participant's health data as a FHIR R4 Bundle (type
// collection), for a transmission request (전송요구, Act 35-2).
//
// What each stored record becomes:
//   - steps and sleep, summed by Seoul day from the hour records (sleep
//     counts for the day it ends, as the day summaries count it): steps
//     (LOINC 41950-7, /d) and sleep (93832-4, min) as plain Observations of
//     category activity (no vital-signs profile covers them, and KR Core's
//     vital-signs profile is only for vital signs);
//   - an hour's heart-rate chunk: one Observation per hour, the hour's mean
//     (8867-4, /min) over an effectivePeriod of the hour, under the FHIR
//     heartrate and KR Core heart-rate profiles. Not valueSampledData: both
//     profiles restrict value[x] to Quantity, so a sampled series would
//     conform to neither; the minute values stay in the JSON export;
//   - self-reported and check-up measurements: body weight, height, BMI,
//     waist, blood pressure (vital signs, FHIR and KR Core profiles), and
//     glucose, triglycerides and HDL (laboratory, KR Core laboratory result,
//     and the FHIR lipid profiles with the reference range they fix), in the
//     canonical units the service stores (kg, cm, mmol/L, mm[Hg]).
//
// The Patient holds only what the subject chose to include; it claims the
// KR Core Patient profile only when that includes name, sex and birth date
// (the profile requires them).

const (
	fhirBase   = "http://hl7.org/fhir/StructureDefinition/"
	krCoreBase = "http://www.hl7korea.or.kr/fhir/krcore/StructureDefinition/"
	fhirLOINC  = "http://loinc.org"
	fhirUCUM   = "http://unitsofmeasure.org"
	fhirObsCat = "http://terminology.hl7.org/CodeSystem/observation-category"
)

// obsKind is how one metric is exported.
type obsKind struct {
	code, display, unit, category string
	profiles                      []string
	ref                           *fhirRange // the reference range a profile fixes
}

var vitalProfiles = func(fhirID, krID string) []string {
	return []string{fhirBase + fhirID, krCoreBase + krID}
}

var labProfiles = func(fhirID string) []string {
	ps := []string{krCoreBase + "krcore-observation-laboratory-result"}
	if fhirID != "" {
		ps = append([]string{fhirBase + fhirID}, ps...)
	}
	return ps
}

var exported = map[measure.Metric]obsKind{
	measure.BodyWeight:    {"29463-7", "Body weight", "kg", "vital-signs", vitalProfiles("bodyweight", "krcore-bodyweight"), nil},
	measure.BodyHeight:    {"8302-2", "Body height", "cm", "vital-signs", vitalProfiles("bodyheight", "krcore-bodyheight"), nil},
	measure.BodyMassIndex: {"39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", "vital-signs", vitalProfiles("bmi", "krcore-vitalsigns"), nil},
	measure.Waist:         {"8280-0", "Waist Circumference at umbilicus by Tape measure", "cm", "vital-signs", vitalProfiles("vitalsigns", "krcore-vitalsigns"), nil},
	measure.HeartRate:     {"8867-4", "Heart rate", "/min", "vital-signs", vitalProfiles("heartrate", "krcore-heartrate"), nil},
	measure.BloodGlucose:  {"15074-8", "Glucose [Moles/volume] in Blood", "mmol/L", "laboratory", labProfiles(""), nil},
	measure.Triglycerides: {"35217-9", "Triglyceride [Moles/volume] in Serum or Plasma", "mmol/L", "laboratory", labProfiles("triglyceride"),
		&fhirRange{High: quantity(2.0, "mmol/L")}},
	measure.HDL: {"2085-9", "HDL Cholesterol", "mmol/L", "laboratory", labProfiles("hdlcholesterol"),
		&fhirRange{Low: quantity(1.5, "mmol/L")}},
}

// reportMetrics maps the self-report and check-up items to their metric.
var reportMetrics = map[string]measure.Metric{
	"weight": measure.BodyWeight, "height": measure.BodyHeight, "bmi": measure.BodyMassIndex, "waist": measure.Waist,
	"blood_glucose": measure.BloodGlucose, "triglycerides": measure.Triglycerides, "hdl": measure.HDL,
}

func quantity(v float64, unit string) *fhirQuantity {
	return &fhirQuantity{Value: v, Unit: unit, System: fhirUCUM, Code: unit}
}

// The FHIR R4 elements the export writes, as structs: 2 years of hourly
// Observations are tens of thousands of resources.
type (
	fhirQuantity struct {
		Value  float64 `json:"value"`
		Unit   string  `json:"unit"`
		System string  `json:"system"`
		Code   string  `json:"code"`
	}
	fhirCoding struct {
		System  string `json:"system"`
		Code    string `json:"code"`
		Display string `json:"display,omitempty"`
	}
	fhirConcept struct {
		Coding []fhirCoding `json:"coding"`
		Text   string       `json:"text,omitempty"`
	}
	fhirPeriod struct {
		Start string `json:"start"`
		End   string `json:"end"`
	}
	fhirComponent struct {
		Code          fhirConcept   `json:"code"`
		ValueQuantity *fhirQuantity `json:"valueQuantity"`
	}
	fhirRange struct {
		Low  *fhirQuantity `json:"low,omitempty"`
		High *fhirQuantity `json:"high,omitempty"`
	}
	fhirMeta struct {
		Profile []string `json:"profile"`
	}
	fhirRef struct {
		Reference string `json:"reference"`
	}
	fhirNote struct {
		Text string `json:"text"`
	}
	fhirObservation struct {
		ResourceType      string          `json:"resourceType"`
		Meta              *fhirMeta       `json:"meta,omitempty"`
		Status            string          `json:"status"`
		Category          []fhirConcept   `json:"category"`
		Code              fhirConcept     `json:"code"`
		Subject           fhirRef         `json:"subject"`
		EffectiveDateTime string          `json:"effectiveDateTime,omitempty"`
		EffectivePeriod   *fhirPeriod     `json:"effectivePeriod,omitempty"`
		Issued            string          `json:"issued,omitempty"`
		ValueQuantity     *fhirQuantity   `json:"valueQuantity,omitempty"`
		Component         []fhirComponent `json:"component,omitempty"`
		ReferenceRange    []*fhirRange    `json:"referenceRange,omitempty"`
		Note              []fhirNote      `json:"note,omitempty"`
	}
	fhirEntry struct {
		FullURL  string `json:"fullUrl"`
		Resource any    `json:"resource"`
	}
)

// Patient is what the subject chose to put in the exported Patient.
type Patient struct {
	ID        string // the opaque identifier of the participant
	Name      string
	BirthDate string // YYYY-MM-DD
	Sex       string // F or M
	Mobile    string
}

// ExportFHIR builds the Bundle of a participant's health-service records
// (as the gate disclosed them to the subject), at now.
func ExportFHIR(p Patient, recs []*vault.Record, now time.Time) ([]byte, error) {
	b := &bundle{patientURL: urn("patient", p.ID), days: map[measure.Date]*dayTotal{}}
	b.add(b.patientURL, patient(p))
	for _, rec := range recs {
		if rec.Purpose != Purpose {
			continue
		}
		if err := b.record(rec); err != nil {
			return nil, err
		}
	}
	b.dayTotals()
	sort.Slice(b.obs, func(i, j int) bool {
		if !b.obs[i].at.Equal(b.obs[j].at) {
			return b.obs[i].at.Before(b.obs[j].at)
		}
		return b.obs[i].url < b.obs[j].url
	})
	for _, o := range b.obs {
		b.add(o.url, o.res)
	}
	return json.Marshal(struct {
		ResourceType string      `json:"resourceType"`
		Type         string      `json:"type"`
		Timestamp    string      `json:"timestamp"`
		Entry        []fhirEntry `json:"entry"`
	}{"Bundle", "collection", now.UTC().Format(time.RFC3339), b.entries})
}

type bundle struct {
	patientURL string
	entries    []fhirEntry
	obs        []observation
	days       map[measure.Date]*dayTotal
}

type dayTotal struct {
	steps, sleep       float64
	hasSteps, hasSleep bool
}

type observation struct {
	url string
	at  time.Time
	res *fhirObservation
}

func (b *bundle) add(url string, res any) {
	b.entries = append(b.entries, fhirEntry{url, res})
}

// urn is a stable urn:uuid for a resource made from parts.
func urn(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p + "\x00"))
	}
	s := h.Sum(nil)
	s[6], s[8] = s[6]&0x0f|0x50, s[8]&0x3f|0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}

func patient(p Patient) map[string]any {
	res := map[string]any{"resourceType": "Patient",
		"identifier": []any{map[string]any{"system": "urn:jikimi:seoul-healthcare:participant", "value": p.ID}}}
	if p.Name != "" {
		res["name"] = []any{map[string]any{"text": p.Name}}
	}
	if p.BirthDate != "" {
		res["birthDate"] = p.BirthDate
	}
	if g := map[string]string{"F": "female", "M": "male"}[p.Sex]; g != "" {
		res["gender"] = g
	}
	if p.Mobile != "" {
		res["telecom"] = []any{map[string]any{"system": "phone", "value": p.Mobile, "use": "mobile"}}
	}
	if p.Name != "" && p.BirthDate != "" && res["gender"] != nil {
		res["meta"] = map[string]any{"profile": []string{krCoreBase + "krcore-patient"}}
	}
	return res
}

// record exports one stored record by what its items hold.
func (b *bundle) record(rec *vault.Record) error {
	for item, val := range rec.Values {
		var err error
		switch {
		case item == heartItem:
			err = b.hour(rec, val) // a day summary's heart rate carries no chunk
		case item == stepsItem || item == sleepItem:
			b.hourTotals(val) // in a day summary: a number, not an hour's values

		case reportMetrics[item] != "" || item == "blood_pressure":
			err = b.report(rec, item, val)
		}
		if err != nil {
			return fmt.Errorf("ingest: export record %s item %s: %w", rec.ID, item, err)
		}
	}
	return nil
}

// hourTotals adds an hour record's steps and sleep to their days.
func (b *bundle) hourTotals(val string) {
	var x hourItem
	if json.Unmarshal([]byte(val), &x) != nil {
		return
	}
	for _, v := range x.Values {
		if v.Stat != "" && v.Stat != "sum" {
			continue
		}
		start, end := time.Unix(v.Start, 0), time.Unix(v.End, 0)
		switch v.Metric {
		case measure.Steps:
			t := b.day(measure.DateOf(start))
			t.steps, t.hasSteps = t.steps+v.Value, true
		case measure.SleepDuration:
			t := b.day(measure.DateOf(end.Add(-time.Second)))
			t.sleep, t.hasSleep = t.sleep+v.Value, true
		}
	}
}

func (b *bundle) day(d measure.Date) *dayTotal {
	t, ok := b.days[d]
	if !ok {
		t = &dayTotal{}
		b.days[d] = t
	}
	return t
}

// dayTotals exports each day's steps and sleep.
func (b *bundle) dayTotals() {
	for d, t := range b.days {
		if t.hasSteps {
			b.dayObservation(d, "41950-7", "Number of steps in 24 hour Measured", t.steps, "/d")
		}
		if t.hasSleep {
			b.dayObservation(d, "93832-4", "Sleep duration", t.sleep, "min")
		}
	}
}

func (b *bundle) dayObservation(d measure.Date, code, display string, v float64, unit string) {
	res := b.base(code, display, "activity", nil)
	res.EffectivePeriod = &fhirPeriod{d.Start().Format(time.RFC3339), d.Start().AddDate(0, 0, 1).Format(time.RFC3339)}
	res.ValueQuantity = quantity(v, unit)
	b.obs = append(b.obs, observation{urn(b.patientURL, d.String(), code), d.Start(), res})
}

// hour exports an hour's heart-rate chunk as the hour's mean.
func (b *bundle) hour(rec *vault.Record, val string) error {
	var x hourItem
	if json.Unmarshal([]byte(val), &x) != nil || len(x.Chunk) == 0 {
		return nil // not an hour's chunk
	}
	if x.Hour == 0 {
		return nil // stored before chunks named their hour: kept in the JSON export only
	}
	h := time.Unix(x.Hour, 0).In(measure.Seoul)
	samples, err := omh.DecodeChunk(omh.Chunk{Hour: h, Data: x.Chunk})
	if err != nil || len(samples) == 0 {
		return err
	}
	sum := 0.0
	for _, s := range samples {
		sum += s.BPM
	}
	k := exported[measure.HeartRate]
	res := b.base(k.code, k.display, k.category, k.profiles)
	res.EffectivePeriod = &fhirPeriod{h.Format(time.RFC3339), h.Add(time.Hour).Format(time.RFC3339)}
	res.ValueQuantity = quantity(float64(int(sum/float64(len(samples))*10+0.5))/10, k.unit)
	res.Note = []fhirNote{{fmt.Sprintf("mean of %d samples in the hour", len(samples))}}
	b.obs = append(b.obs, observation{urn(rec.ID, "heart_rate"), h, res})
	return nil
}

// report exports a self-reported or check-up measurement.
func (b *bundle) report(rec *vault.Record, item, val string) error {
	var e struct {
		On     measure.Date    `json:"on"`
		Source string          `json:"source"`
		Value  json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(val), &e); err != nil {
		// Not a report's entry: a bare number (as the statistics demo
		// stores), measured when the record was made; anything else is in
		// the JSON export only.
		var v float64
		if json.Unmarshal([]byte(val), &v) == nil && reportMetrics[item] != "" {
			b.measurement(rec, item, reportMetrics[item], result{Value: v, At: rec.Created})
		}
		return nil
	}
	at := e.On.Start().Add(9 * time.Hour) // the day reported; no hour was given
	if item == "blood_pressure" {
		return b.pressures(rec, at, e.Value)
	}
	for _, r := range readings(e.Value) {
		if r.At.IsZero() {
			r.At = at
		}
		b.measurement(rec, item, reportMetrics[item], r)
	}
	return nil
}

// readings are a report's value (a Quantity) or a check-up's results.
func readings(raw json.RawMessage) []result {
	var q Quantity
	if json.Unmarshal(raw, &q) == nil && q.Unit != "" {
		return []result{{Value: q.Value, Unit: q.Unit}}
	}
	var v float64
	if json.Unmarshal(raw, &v) == nil {
		return []result{{Value: v}}
	}
	var rs []result
	json.Unmarshal(raw, &rs)
	return rs
}

func (b *bundle) measurement(rec *vault.Record, item string, m measure.Metric, r result) {
	k := exported[m]
	res := b.base(k.code, k.display, k.category, k.profiles)
	res.EffectiveDateTime = r.At.In(measure.Seoul).Format(time.RFC3339)
	res.ValueQuantity = quantity(r.Value, k.unit)
	if k.category == "laboratory" {
		res.Issued = rec.Updated.Format(time.RFC3339)
	}
	if k.ref != nil {
		res.ReferenceRange = []*fhirRange{k.ref}
	}
	b.obs = append(b.obs, observation{urn(rec.ID, item, r.At.String()), r.At, res})
}

// pressures exports a reported pressure, or a check-up's systolic and
// diastolic results paired by time.
func (b *bundle) pressures(rec *vault.Record, at time.Time, raw json.RawMessage) error {
	var bp BloodPressure
	if json.Unmarshal(raw, &bp) == nil && bp.Systolic > 0 {
		b.bloodPressure(rec, at, bp)
		return nil
	}
	var rs []result
	if err := json.Unmarshal(raw, &rs); err != nil {
		return err
	}
	byTime := map[time.Time]*BloodPressure{}
	var order []time.Time
	for _, r := range rs {
		p, ok := byTime[r.At]
		if !ok {
			p = &BloodPressure{}
			byTime[r.At], order = p, append(order, r.At)
		}
		switch r.Metric {
		case measure.Systolic:
			p.Systolic = r.Value
		case measure.Diastolic:
			p.Diastolic = r.Value
		}
	}
	for _, t := range order {
		if p := byTime[t]; p.Systolic > 0 && p.Diastolic > 0 {
			b.bloodPressure(rec, t, *p)
		}
	}
	return nil
}

func (b *bundle) bloodPressure(rec *vault.Record, at time.Time, bp BloodPressure) {
	res := b.base("85354-9", "Blood pressure panel with all children optional", "vital-signs", vitalProfiles("bp", "krcore-bloodpressure"))
	res.EffectiveDateTime = at.In(measure.Seoul).Format(time.RFC3339)
	comp := func(code, display string, v float64) fhirComponent {
		return fhirComponent{codeable(code, display), quantity(v, "mm[Hg]")}
	}
	res.Component = []fhirComponent{comp("8480-6", "Systolic blood pressure", bp.Systolic), comp("8462-4", "Diastolic blood pressure", bp.Diastolic)}
	b.obs = append(b.obs, observation{urn(rec.ID, "blood_pressure", at.String()), at, res})
}

func codeable(code, display string) fhirConcept {
	return fhirConcept{Coding: []fhirCoding{{fhirLOINC, code, display}}, Text: display}
}

// base is an Observation of the participant with its code, category and profiles.
func (b *bundle) base(code, display, category string, profiles []string) *fhirObservation {
	res := &fhirObservation{ResourceType: "Observation", Status: "final",
		Category: []fhirConcept{{Coding: []fhirCoding{{System: fhirObsCat, Code: category}}}},
		Code:     codeable(code, display), Subject: fhirRef{b.patientURL}}
	if len(profiles) > 0 {
		res.Meta = &fhirMeta{profiles}
	}
	return res
}
