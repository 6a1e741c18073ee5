// Package stats owns the statistics and effect evaluation of the Seoul
// healthcare service (사업의 효과평가, 통계분석, 제1조 2) on pseudonymised
// data only: it extracts, through the gate, a dataset in which each
// participant is a keyed pseudonym with generalised attributes (age band,
// district, sex) and no direct identifier; it aggregates that dataset into
// tables, step trends and before/after measures whose cells of fewer than
// K people are suppressed together with the cells that would let them be
// derived from a total; and it draws the charts as SVG.
//
// The pseudonyms are the gate's (vault.Pseudonymiser): keyed hashes under
// the re-identification key that the gate holds, wrapped by the keyring;
// the gate lets only the roles the policy declares pseudonymise or
// re-identify (pseudonymised.roles) and writes every re-identification, and
// every refusal, to the access log.
//
// It must never put a subject ID, a name, a birth date or any other direct
// identifier into a dataset, a report, an error or a log line; never read
// personal data except through the gate; and never publish a cell of fewer
// than K people.
package stats
