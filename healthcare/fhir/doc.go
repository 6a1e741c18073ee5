// Package fhir reads health check-up results sent as FHIR R4 Observations
// for the Seoul healthcare service. It checks an Observation against the
// embedded R4 profiles (vital signs, HDL cholesterol, triglyceride) and a
// documented local table for the LOINC codes they do not cover, converts
// its quantity to the canonical unit, and returns it as measurements of
// package measure, the same form package omh gives.
//
// It owns no storage and no I/O but its embedded definitions. It must never
// log, and its errors never carry a value, a code a person typed, or a
// subject reference: they carry a reason code and a JSON path.
//
// Reason codes: unknown_schema (not an Observation), schema_violation,
// unknown_code (no LOINC code the service takes), bad_unit (a unit system
// other than UCUM or a code outside the bound value set), out_of_range,
// future_timestamp, and no_effective_time (a laboratory result without
// effective[x], or one dated to a year or a month only).
//
// Readings taken: only results with status final, amended or corrected are
// taken; a date without a time is the start of that day in Asia/Seoul; of
// the lipid profiles' constraints, referenceRange (1..1) is not enforced,
// since the service does not use it and check-up reports often omit it.
package fhir
