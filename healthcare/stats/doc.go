// Package stats owns the statistics and effect evaluation of the Seoul
// healthcare service (사업의 효과평가, 통계분석, 제1조 2) on pseudonymised
// data only: it extracts, through the gate, a dataset in which each
// participant is a keyed pseudonym with generalised attributes (age band,
// district, sex) and no direct identifier; it aggregates that dataset into
// tables, step trends and before/after measures whose cells of fewer than
// K people are suppressed together with the cells that would let them be
// derived from a total; and it draws the charts as SVG.
//
// The pseudonyms are HMAC-SHA256 under the re-identification key, its own
// key material wrapped by the keyring and kept in its own table; only the
// privacy officer may re-identify a pseudonym, and every re-identification
// is written to the access log.
//
// It must never put a subject ID, a name, a birth date or any other direct
// identifier into a dataset, a report, an error or a log line; never read
// personal data except through the gate; and never publish a cell of fewer
// than K people.
package stats
