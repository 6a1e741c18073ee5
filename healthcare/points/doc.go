// Package points computes the points of the Seoul healthcare service from a
// declarative rule file (see example.yaml): the daily award for steps, the
// weekly bonus over Monday-to-Sunday weeks in Asia/Seoul, and the yearly
// cap. Its functions are pure: no clock, no storage, no I/O; the caller
// brings the steps, the dates and the year-to-date total, and stores the
// Accrual under its idempotency key.
//
// It must never log, and it holds no personal data beyond what a call is
// given: a participant's opaque ID and birth date. Its errors describe the
// rule file, never a participant.
package points
