// Package sim is the compliance simulator: it drives synthetic people
// through both services on a simulated clock — through the services' own
// code paths (Services) on a real database — runs their scheduled runs and
// outboxes on that clock, runs the daily destruction (package retention)
// every simulated day with a simulated privacy officer's approval, and
// checks every retention promise of the declarations against what was
// actually destroyed and when.
//
// It keeps its own account of when each record falls due, computed from
// the declared rule, the day the record appeared and the events the
// simulated people caused, so that a wrong due date in the system shows as
// lateness, not as a kept promise. It learns which records a service stored
// from the gate's holdings of the subject (vault.Holdings: opaque IDs,
// purposes, rules and cases, never content), reads what was destroyed from
// the destruction records (retention.Runner.Report), dates a record a
// service shredded on the spot by the day it saw it gone, and never reads
// personal-data tables.
//
// Where a service is not wired (a nil field of Services), the simulator
// stores the records or fires the event directly through the gate, and
// marks the rule "direct" in the report. jikimi simulate wires every
// service, so no rule is direct there; the direct drivers remain for this
// package's own tests of its accounting, which run on the gate alone.
// Scheduled runs (Config.Daily) and outboxes (Config.Outboxes) run on the
// simulated clock; a run that fails is reported, not fatal.
// Everything it stores is obviously synthetic (가상 names, numbers of
// zeros, @example.invalid, "SIM-…" values) and the event probabilities are
// simulation parameters (Params), not facts about the services.
package sim
