// Package sim is the compliance simulator: it drives synthetic people
// through both services on a simulated clock, through the gate (package
// vault) on a real database, runs the daily destruction (package retention)
// every simulated day with a simulated privacy officer's approval, and
// checks every retention promise of the declarations against what was
// actually destroyed and when.
//
// It keeps its own account of when each record it stored falls due,
// computed from the declared rule and the events it fired, so that a wrong
// due date in the gate shows as lateness, not as a kept promise. It reads
// what was destroyed from the destruction records (retention.Runner.Report)
// and never reads personal-data tables.
//
// No service feature (enrolment, applications, …) exists yet as a package,
// so every rule is driven directly through the gate and marked "direct" in
// the report; as the services land, their real paths replace the direct
// drivers and the mark disappears. Everything it stores is obviously
// synthetic ("SIM-…" values) and the event probabilities are simulation
// parameters (Params), not facts about the services.
package sim
