// Package ingest takes a participant's wearable data into the Seoul
// healthcare service (손목닥터 9988): batches of Open mHealth data points
// from a linked device, answered point by point (accepted, duplicate, or
// rejected with a reason), and the participant's self-reported and
// check-up data (FHIR R4 Observations among them).
//
// Storage, all through the gate as purpose health-service under retention
// rule "service": one keyed record per participant-hour (Seoul) holding
// that hour's points — minute-level heart rate as an omh chunk — and the
// hashed IDs of the points stored, which make re-sending a batch change
// nothing; one keyed record per participant-day holding the day's summary,
// kept current in the same transaction. A batch is one gated transaction
// (vault.MergeMany): valid points are kept when others are rejected, and a
// failure keeps none of them.
//
// It must never read or write personal data but through the vault, never
// log, and never put a value, a point ID or a subject in an error message.
package ingest
