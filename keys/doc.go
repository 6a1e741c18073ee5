// Package keys owns Jikimi's key material and the primitives built on it:
// the keyring file (versioned key-encryption keys, the blind-index root key
// and the audit log's Ed25519 signing key), wrapping of per-subject data
// keys, AES-256-GCM sealing of data, the canary that proves a keyring
// belongs to a database, and keyed blind indexes with the validators of the
// identifiers they index (CI, RRN, mobile number, e-mail).
//
// It uses only the standard library's primitives: nothing here is home-made
// cryptography. It must never log, print or return in an error any key
// material, plaintext or indexed value; a *Keyring prints as "redacted".
// It holds no database: callers store wrapped keys, sealed data, canaries
// and indexes where they like.
package keys
