// Package vault is the gate: the one package that reads and writes personal
// data. Every access names who acts, in which role, for which declared
// purpose, on whose data, which items and what action; the vault decides it
// against the service's policy in force, the consent ledger, processing
// suspensions and pending corrections, seals the data per subject and purpose
// (AES-256-GCM under a data key wrapped by a key-encryption key), and appends
// the access-log entry in the same transaction.
//
// It also keeps the retention clocks, since they live on personal-data
// tables: each record's due date from its rule and the events the rule
// waits for, separate storage (분리보관), and the destruction of the
// records a destruction plan holds (package retention runs the plans).
//
// It must never let personal data out except to an allowed request, never
// write an error or log line carrying personal data, and never answer a
// forbidden read other than "not found".
package vault
