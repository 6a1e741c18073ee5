// Package jobs runs Jikimi's background work on River (riverqueue.com): the
// outbox jobs a change causes (partner transfers, notices, point
// conversions) and the periodic runs (daily destruction, accruals, sweeps).
//
// A job is inserted in the same transaction as the change that causes it
// (Queue.Insert with the store.Querier of store.SQL.InTx), so neither
// happens without the other. Its arguments are a typed struct (river.JobArgs)
// holding opaque IDs only. A failed job is retried with River's back-off up
// to MaxAttempts, then discarded and left for an operator (`jikimi jobs
// list|retry|cancel`); Permanent gives up at once. A worker that dies
// mid-job loses nothing: River rescues the job after RescueAfter and runs it
// again, so handlers must be idempotent (they pass a key derived from the
// job's arguments to the outside system).
//
// To add work:
//
//	type PruneArgs struct{ Day string `json:"day"` }      // opaque values only
//	func (PruneArgs) Kind() string { return "audit.prune" }
//
//	jobs.Handle(q, func(ctx context.Context, j *jobs.Job[PruneArgs]) error { ... })
//	q.Periodic(time.Hour, func(now time.Time) jobs.Args { return PruneArgs{Day: civil day of now} })
//	err := q.Insert(ctx, tx, PruneArgs{...}, nil)   // inside sql.InTx, with the cause
//
// A periodic job is inserted at start and then every interval, unique by
// its arguments: key daily work by its day and it runs once a day however
// often it is inserted. Handlers and periodic jobs are registered before
// Start, in cmd/jikimi's wiring.
//
// It must never hold personal data: arguments and the errors River records
// carry opaque IDs and error codes only (handler errors are cut to their
// code and safe message before River stores them).
package jobs
