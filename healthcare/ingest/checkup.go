package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/fhir"
	"jikimi/healthcare/measure"
)

// MaxObservations is the most Observations one check-up may carry.
const MaxObservations = 100

// ReasonNotObservation: a resource of a check-up that is not an
// Observation (a DiagnosticReport, a Patient, ...): skipped, never stored.
const ReasonNotObservation = "not_an_observation"

// result is one stored check-up measurement.
type result struct {
	Code   string         `json:"code"` // LOINC
	Metric measure.Metric `json:"metric"`
	Value  float64        `json:"value"`
	Unit   string         `json:"unit"` // canonical UCUM
	At     time.Time      `json:"at"`
}

// NotCollected is a result of a check-up the programme does not collect:
// never stored, reported back to the person.
type NotCollected struct {
	Index int `json:"index"` // the resource's place in the array or Bundle
	fhir.NotCollected
}

// checkObservations reads a check-up's resources (FHIR R4) and returns the
// values to store, by item, and the results the programme does not collect
// (Observations and panel components of codes the policy declares no item
// for, codes it does not know, resources that are no Observation). An
// error in a result it collects refuses the check-up whole: its error names
// the resource's index in its path.
func checkObservations(raws []json.RawMessage, now time.Time) (map[string]string, []NotCollected, error) {
	if len(raws) == 0 || len(raws) > MaxObservations {
		return nil, nil, reason(errs.E(errs.Invalid, "ingest: a check-up holds 1 to %d Observations", MaxObservations), "bad_batch")
	}
	byItem := map[string][]result{}
	var skipped []NotCollected
	var first time.Time
	for i, raw := range raws {
		if other(raw) {
			skipped = append(skipped, NotCollected{i, fhir.NotCollected{Path: "/resourceType", Reason: ReasonNotObservation}})
			continue
		}
		o, err := fhir.Parse(raw, now)
		var ref *fhir.Refusal
		switch {
		case errors.As(err, &ref):
			skipped = append(skipped, NotCollected{i, ref.NotCollected})
			continue
		case err != nil:
			return nil, nil, at(i, err)
		}
		for _, nc := range o.NotCollected {
			skipped = append(skipped, NotCollected{i, nc})
		}
		for _, v := range o.Values {
			byItem[v.Item] = append(byItem[v.Item], result{o.Code, v.Metric, round(v.Value), v.Unit, v.Start})
			if first.IsZero() || o.Start.Before(first) {
				first = o.Start
			}
		}
	}
	if len(byItem) == 0 {
		return nil, nil, nothingCollected(skipped)
	}
	f := newForm("checkup", measure.DateOf(first))
	for item, rs := range byItem {
		f.put(item, rs)
	}
	values, err := f.done()
	return values, skipped, err
}

// other tells a resource that names a type other than Observation.
func other(raw json.RawMessage) bool {
	var r struct {
		ResourceType string `json:"resourceType"`
	}
	return json.Unmarshal(raw, &r) == nil && r.ResourceType != "" && r.ResourceType != "Observation"
}

// nothingCollected refuses a check-up none of whose results the programme
// collects, telling the person which.
func nothingCollected(skipped []NotCollected) error {
	why := ReasonEmptyReport
	for _, nc := range skipped {
		if nc.Reason == measure.UndeclaredItem || why == ReasonEmptyReport {
			why = nc.Reason
		}
	}
	msg := "저장한 검사 결과가 없습니다. " + Notice(skipped) + " (nothing stored: no result of an item the programme collects)"
	return reason(errs.E(errs.Invalid, "%s", strings.TrimSpace(msg)), why)
}

// Notice tells the person, in Korean, which results were not stored and
// why; "" when there are none. It names results by their LOINC code and
// Korean name only, never a value.
func Notice(skipped []NotCollected) string {
	var named []string
	unknown, others := 0, 0
	for _, nc := range skipped {
		switch {
		case nc.Reason == measure.UndeclaredItem:
			if n := fmt.Sprintf("%s(LOINC %s)", nc.Name, nc.Code); !slices.Contains(named, n) {
				named = append(named, n)
			}
		case nc.Reason == ReasonNotObservation:
			others++
		default:
			unknown++
		}
	}
	var b strings.Builder
	if len(named) > 0 {
		fmt.Fprintf(&b, "서울형 헬스케어 사업은 다음 검사 결과를 수집하지 않으므로 저장하지 않았습니다: %s.", strings.Join(named, ", "))
	}
	if unknown > 0 {
		fmt.Fprintf(&b, " 이 사업이 다루지 않는 검사 항목 %d건도 저장하지 않았습니다.", unknown)
	}
	if others > 0 {
		fmt.Fprintf(&b, " 검사 결과(Observation)가 아닌 자료 %d건(검사 보고서 등)은 저장하지 않았습니다.", others)
	}
	return strings.TrimSpace(b.String())
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
