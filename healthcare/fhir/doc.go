// Package fhir reads health check-up results sent as FHIR R4 Observations
// for the Seoul healthcare service. An Observation is taken exactly when its
// LOINC code maps to an item the privacy policy declares (the table in
// codes.go, held to the policy by a test), whatever its category. It is
// checked against the embedded R4 profiles (vital signs, HDL cholesterol,
// triglyceride), a documented local table for the LOINC codes they do not
// cover, and the KR Core 2.0.0 profiles it claims in meta.profile
// (krcore.go); its quantity is converted to the canonical unit and returned
// as measurements of package measure, the same form package omh gives.
// docs/fhir.md lists what is enforced.
//
// It owns no storage and no I/O but its embedded definitions. It must never
// log, and its errors never carry a value, a code a person typed, or a
// subject reference: they carry a reason code, a JSON path and, for a code
// of its own table, that LOINC code.
//
// Reason codes: unknown_schema (not an Observation), schema_violation,
// undeclared_item (a LOINC code the service knows but the policy declares no
// item for: body temperature, total cholesterol, haemoglobin, ...; a
// *Refusal names it), unknown_code (no LOINC code the service knows; also a
// *Refusal), bad_unit (a unit system other than UCUM or a code outside the
// bound value set or the claimed profile's fixed unit), out_of_range,
// future_timestamp, past_timestamp, and no_effective_time (a laboratory
// result without effective[x], or one dated to a year or a month only).
//
// Readings taken: only results with status final, amended or corrected are
// taken; a date without a time is the start of that day in Asia/Seoul; of
// the lipid profiles' constraints, referenceRange (1..1) is not enforced,
// since the service does not use it and check-up reports often omit it; a
// panel (blood pressure) keeps its components of declared codes and lists
// the others in NotCollected; a panel that only groups members (hasMember:
// the vital-signs panel) is a Grouping with no values of its own.
package fhir
