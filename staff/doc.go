// Package staff owns staff accounts and their roles (PIPA Safety Measures
// Standard 5 and 6): one account per person, role grants, changes and
// revocations with their three-year history, login with a password
// (Argon2id) and a TOTP second factor, lock-out after repeated failures,
// and sessions with idle and absolute expiry.
//
// It must never store a password, a TOTP secret, a session token or an
// employee number in plaintext; never tell an unknown login name from a wrong
// password; never cache roles (a revocation takes effect on the next call);
// and never decide what a role may read: that is the gate's (package vault).
// Its tables are the staff_* tables of migration 0004, touched by no other
// package.
package staff
