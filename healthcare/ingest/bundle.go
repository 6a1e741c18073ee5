package ingest

import (
	"bytes"
	"encoding/json"
	"strings"

	"jikimi/errs"
	"jikimi/healthcare/fhir"
)

const fhirMax = fhir.MaxSize

// observationsOf reads a check-up body: an array of resources, or a FHIR
// Bundle of them (a laboratory's report: DiagnosticReports with their
// Observations). In a Bundle, an Observation without effective[x] takes
// that of the DiagnosticReport listing it among its results, which FHIR
// defines as the time its results are relevant to.
func observationsOf(body json.RawMessage) ([]json.RawMessage, error) {
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(body, &list); err != nil {
			return nil, errs.E(errs.Invalid, "request body: malformed JSON")
		}
		return list, nil
	}
	var b struct {
		ResourceType string        `json:"resourceType"`
		Entry        []bundleEntry `json:"entry"`
	}
	if err := json.Unmarshal(body, &b); err != nil || b.ResourceType != "Bundle" {
		return nil, reason(errs.E(errs.Invalid, "ingest: a check-up is an array of Observations or a Bundle of them"), "unknown_schema")
	}
	times := reportTimes(b.Entry)
	out := make([]json.RawMessage, len(b.Entry))
	for i, e := range b.Entry {
		out[i] = e.Resource
		if t, ok := times.of(e); ok {
			out[i] = dated(e.Resource, t)
		}
	}
	return out, nil
}

type bundleEntry struct {
	FullURL  string          `json:"fullUrl"`
	Resource json.RawMessage `json:"resource"`
}

// resource is what is read of a Bundle entry's resource here.
type resource struct {
	ResourceType      string          `json:"resourceType"`
	ID                string          `json:"id"`
	EffectiveDateTime json.RawMessage `json:"effectiveDateTime"`
	EffectivePeriod   json.RawMessage `json:"effectivePeriod"`
	Result            []struct {
		Reference string `json:"reference"`
	} `json:"result"`
}

// effective is a DiagnosticReport's effective[x]: its key and value.
type effective struct {
	key   string
	value json.RawMessage
}

type times map[string]effective // result reference -> its report's effective[x]

// reportTimes maps each DiagnosticReport's result references to its
// effective[x].
func reportTimes(entries []bundleEntry) times {
	out := times{}
	for _, e := range entries {
		var r resource
		if json.Unmarshal(e.Resource, &r) != nil || r.ResourceType != "DiagnosticReport" {
			continue
		}
		t := effective{"effectiveDateTime", r.EffectiveDateTime}
		if r.EffectiveDateTime == nil {
			t = effective{"effectivePeriod", r.EffectivePeriod}
		}
		for _, res := range r.Result {
			if t.value != nil && res.Reference != "" {
				out[res.Reference] = t
			}
		}
	}
	return out
}

// of is the report time of an Observation entry without effective[x].
func (ts times) of(e bundleEntry) (effective, bool) {
	var r map[string]json.RawMessage
	if len(ts) == 0 || json.Unmarshal(e.Resource, &r) != nil || string(r["resourceType"]) != `"Observation"` {
		return effective{}, false
	}
	for k := range r {
		if strings.HasPrefix(k, "effective") {
			return effective{}, false
		}
	}
	var id string
	json.Unmarshal(r["id"], &id)
	for ref, t := range ts {
		if ref == e.FullURL || id != "" && ref == "Observation/"+id || e.FullURL != "" && strings.HasSuffix(e.FullURL, "/"+ref) {
			return t, true
		}
	}
	return effective{}, false
}

// dated returns the resource with effective[x] set.
func dated(raw json.RawMessage, t effective) json.RawMessage {
	var r map[string]json.RawMessage
	if json.Unmarshal(raw, &r) != nil {
		return raw
	}
	r[t.key] = t.value
	out, err := json.Marshal(r)
	if err != nil {
		return raw
	}
	return out
}
