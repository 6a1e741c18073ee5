// Package password hashes and verifies passwords with Argon2id (RFC 9106,
// golang.org/x/crypto/argon2) at no less than the OWASP minimum, in the PHC
// string format, and checks a new password's strength. It bounds how many
// hashes run at once, so a login flood cannot exhaust memory.
//
// It must never log, store or return a password, nor put one or a hash in an
// error message; it holds no database and knows nothing of accounts.
package password
