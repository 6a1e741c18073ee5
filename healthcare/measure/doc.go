// Package measure owns the canonical form of a health measurement in the Seoul
// healthcare service: which policy item it belongs to, its value in one
// canonical unit, and the time it describes. Open mHealth data points (package
// omh) and FHIR check-up results (package fhir) both come out in this form.
//
// It also owns the one table of plausibility bounds, the unit conversions to
// the canonical units, the civil date in Asia/Seoul, and the reason codes that
// the parsers put on an errs.Invalid.
//
// It never logs, and its errors never carry a measured value: they name the
// reason, the metric and the JSON path only.
package measure
