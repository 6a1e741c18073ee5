// Package citizen owns citizens' credentials and sessions for every service:
// it hashes passwords (Argon2id) for the services to store in their account
// records, checks a login against the record the gate holds, counts failed
// logins and locks, and opens, checks and ends bearer sessions.
//
// It keeps only opaque subject IDs and SHA-256 token hashes in its own
// tables: the login name and password hash are personal data, stored and
// read through the vault only. It must never store a token, a login name or
// a password outside the vault, never tell an unknown login from a wrong
// password, and never write either into an error or a log.
package citizen
