package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/fhir"
	"jikimi/healthcare/measure"
)

// MaxObservations is the most Observations one check-up may carry.
const MaxObservations = 100

// result is one stored check-up measurement.
type result struct {
	Code   string         `json:"code"` // LOINC
	Metric measure.Metric `json:"metric"`
	Value  float64        `json:"value"`
	Unit   string         `json:"unit"` // canonical UCUM
	At     time.Time      `json:"at"`
}

// checkObservations parses a check-up's Observations (FHIR R4) and returns
// the values to store, by item. One bad Observation refuses them all: a
// check-up is kept whole or not at all. Its error names the Observation's
// index in its path.
func checkObservations(raws []json.RawMessage, now time.Time) (map[string]string, error) {
	if len(raws) == 0 || len(raws) > MaxObservations {
		return nil, reason(errs.E(errs.Invalid, "ingest: a check-up holds 1 to %d Observations", MaxObservations), "bad_batch")
	}
	byItem := map[string][]result{}
	var first time.Time
	for i, raw := range raws {
		o, err := fhir.Parse(raw, now)
		if err != nil {
			return nil, at(i, err)
		}
		for _, v := range o.Values {
			byItem[v.Item] = append(byItem[v.Item], result{o.Code, v.Metric, round(v.Value), v.Unit, v.Start})
		}
		if first.IsZero() || o.Start.Before(first) {
			first = o.Start
		}
	}
	f := newForm("checkup", measure.DateOf(first))
	for item, rs := range byItem {
		f.put(item, rs)
	}
	return f.done()
}

// at prefixes a parser's rejection with the Observation's index.
func at(i int, err error) error {
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid {
		return err
	}
	out := *e
	out.Message = fmt.Sprintf("observation %d: %s", i, e.Message)
	return &out
}
