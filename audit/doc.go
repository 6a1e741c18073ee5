// Package audit owns the access log (접속기록): who processed whose data, when,
// from where, for which purpose and what they did (Safety Measures Standard
// 8). The gate appends entries in the same transaction as the access; the log
// hash-chains them, groups them into an RFC 6962 Merkle tree, signs
// checkpoints with Ed25519, verifies itself, proves inclusion and
// consistency to an outside auditor holding only the public key, prunes
// whole prefixes past retention, and writes the monthly inspection report.
//
// It must never hold personal data: entries carry opaque IDs (handler,
// subject) and schema names of items, never names, numbers or values, so a
// shredded subject leaves the log verifiable. It owns the audit_* tables and
// no others, and never rewrites or deletes an entry except by Prune.
package audit
