// Package pointsvc runs the points of the Seoul healthcare service (손목닥터
// 9988) on top of the pure rules of package points: the daily accrual run
// (one idempotent accrual per participant per day, the weekly bonus, the
// yearly cap), balances and history, and conversion into 서울페이 through
// the card company with an outbox job, retries and reconciliation.
//
// It owns the hc_points_* tables, which hold opaque subject IDs and point
// amounts only. It must never store or log personal data: the birth date
// (for the age rules) and the CI (for the card company) are read through
// the gate at the moment they are needed and kept nowhere.
package pointsvc
