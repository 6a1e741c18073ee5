// Package jobs is the durable background-job queue (the outbox): partner
// transfers, notices, point conversions. A job is enqueued in the same
// transaction as the change that causes it, so neither happens without the
// other; a worker claims due jobs under a lease, runs their handler, and
// retries failures with backoff until a limit, after which the job is dead
// and waits for an operator. A worker that dies mid-job loses nothing: the
// lease runs out and the job is claimed again, so handlers must be
// idempotent (they pass the job's key to the outside system).
//
// It must never hold personal data: payloads and recorded errors carry
// opaque IDs only.
package jobs
