// Package enrol owns a participant's way into and out of the Seoul
// healthcare programme (손목닥터 9988): the enrolment form and its consents,
// identity verification, the refusal of a second enrolment by the same
// person (CI), the account, the watch-delivery details, linking the watch,
// and withdrawal. Every item is stored through the gate under the rule its
// purpose declares; which items exist, what each consent says and how long
// each item is kept come from the policy, never from here.
//
// It must never write a participant half-way (every check comes before the
// first write, and a failed write shreds what it began), never keep
// personal data outside the vault, and never put a name, number or CI in an
// error or a log.
package enrol
