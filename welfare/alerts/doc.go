// Package alerts owns Bokjiro's 생애주기별 복지알림이 (seed policy 002 제1조
// 2): a member's family (relation, name, birth date, sex) and, optionally,
// the family's and the member's situations and interests; the run that
// matches every subscriber against the welfare catalogue and, when a new
// service matches or a family member enters a new life stage, enqueues an
// alert in the same transaction as the run's progress; and the job that
// sends it by e-mail and SMS. Subscriptions are kept until the member
// unsubscribes, which is recorded as the retention event the policy waits
// for.
//
// It must never hold the family outside the vault (its own table holds
// opaque subject IDs, catalogue versions and days), never put a name, a
// birth date, a situation or a matched service in a job's payload, and
// never send the same alert twice.
package alerts
