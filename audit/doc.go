// Package audit owns the access log (접속기록): who processed whose data, when,
// from where, for which purpose and what they did (Safety Measures Standard
// 8). The gate appends entries in the same transaction as the access; the log
// hash-chains them, groups them into an RFC 6962 Merkle tree and signs
// checkpoints as C2SP signed notes (golang.org/x/mod/sumdb/note), each
// linked to the one before, with a key kept apart from the data and
// verified against a list of trusted keys with validity periods. It keeps
// the last checkpoint it published outside the database and refuses a
// database that does not extend it, sends new checkpoints to witnesses,
// verifies itself against an auditor's checkpoint, proves inclusion and
// consistency to an outsider holding only public keys, serves its tree as
// tlog-tiles, indexes entries by subject, prunes whole prefixes past
// retention, and writes the monthly inspection report.
//
// It must never hold personal data: entries carry opaque IDs (handler,
// subject) and schema names of items, never names, numbers or values, so a
// shredded subject leaves the log verifiable. It owns the audit_* tables and
// no others, and never rewrites or deletes an entry except by Prune.
package audit
