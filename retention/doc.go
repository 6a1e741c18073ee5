// Package retention makes the retention promises of each service's policy
// true and provable: the daily destruction run (a durable job keyed by
// date), destruction plans (파기계획) approved by the privacy officer where
// the policy says so, escalation of a plan not approved in time, execution
// in short transactions that resume after a crash, and the destruction
// records (파기 기록) that prove what was destroyed, when, how and on whose
// approval.
//
// It owns the retention_* tables, which hold opaque IDs, schema names and
// dates only. It must never read or write personal data or name a vault
// table: due dates, plans' records and the destruction itself are asked of
// the gate (package vault). It never destroys without an approval the
// policy requires, and never skips or silently executes a plan whose
// approval is late.
package retention
