// Package identity is the connector to the identity-verification service
// (본인확인기관: mobile-carrier or i-PIN verification) and its loopback
// simulator. A verification starts from what the citizen claims (name,
// birth date, sex, mobile number) and, once the citizen has confirmed it,
// answers who they are: the same fields as verified, the CI (연계정보,
// the same for a person across every site) and the DI (중복가입확인정보,
// specific to this site).
//
// It owns the wire format and nothing else: deciding what a verified
// identity allows is the caller's. It must never log, keep or echo a claim
// or an identity, except the simulator's in-memory table of verifications,
// which stands for the verification service in tests and the demo.
package identity
