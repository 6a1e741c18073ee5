// Package consult owns the health consultations of the Seoul healthcare
// service (건강상담, 제1조 2): a participant asks a question, a counsellor
// (role counsellor of purpose health-service) reads it and answers it.
//
// The question and the answer are the item health_consultation of the
// participant's health-service data, sealed by the vault in one keyed record
// per consultation; this package's table (hc_consultations) holds only the
// counsellors' queue: opaque record and subject IDs and times, written in
// the same transaction as the record.
//
// It must never read or write a question or an answer except through the
// gate, never put one into an error or a log line, and never show a
// counsellor a participant's identity: the queue lists consultations, not
// people.
package consult
