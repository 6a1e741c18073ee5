// Package survey owns the satisfaction surveys of the Seoul healthcare
// service (만족도 조사, 제1조 2): survey definitions declared as data
// (surveys.yaml, embedded), and a participant's answers, given once per
// survey with the optional consent the item asks.
//
// The answers are the item satisfaction_survey of the participant's
// health-service data (declared, with the reading that adds it, in
// policies/seoul-healthcare), sealed by the vault in one keyed record per
// survey; this package's table (hc_survey_answers) holds only who answered
// which survey when, by opaque ID, written in the same transaction, and its
// primary key refuses a second answer.
//
// It must never read or write answers except through the gate, and never
// put an answer into an error or a log line.
package survey
