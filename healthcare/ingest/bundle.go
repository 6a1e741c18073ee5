package ingest

import (
	"bytes"
	"encoding/json"

	"jikimi/errs"
	"jikimi/healthcare/fhir"
)

const fhirMax = fhir.MaxSize

// observationsOf reads a check-up body: an array of Observations, or a
// FHIR Bundle whose entries' resources are the Observations.
func observationsOf(body json.RawMessage) ([]json.RawMessage, error) {
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(body, &list); err != nil {
			return nil, errs.E(errs.Invalid, "request body: malformed JSON")
		}
		return list, nil
	}
	var b struct {
		ResourceType string `json:"resourceType"`
		Entry        []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(body, &b); err != nil || b.ResourceType != "Bundle" {
		return nil, reason(errs.E(errs.Invalid, "ingest: a check-up is an array of Observations or a Bundle of them"), "unknown_schema")
	}
	out := make([]json.RawMessage, len(b.Entry))
	for i, e := range b.Entry {
		out[i] = e.Resource
	}
	return out, nil
}
