// Package cases owns what a citizen does with 복지로 beyond membership and
// alerts (seed policy 002, 제1조 3–7): the online application (온라인
// 신청: draft, submitted, under review, result notified) and its review by a
// caseworker; help requests (도움신청); fraud reports (부정수급 신고) and
// their filing with the complaint systems the policy names, through the
// jobs outbox; the welfare search with its mock calculation (복지서비스
// 찾기 · 모의계산); and 나의 복지서비스, the look-up of the person's
// social-insurance records.
//
// Every personal item goes through the gate (package vault), kept under the
// rule the policy declares: the vault dates and destroys; this package only
// records the events (a result notified, a request completed). Its own
// tables (bokjiro_cases, bokjiro_transfers) hold opaque IDs, states and
// outcome codes only. It must never store an item outside the vault, keep
// what a search or a look-up is given beyond what the person consented to,
// put personal data in an error, a log line or a job payload, or provide a
// report to a recipient without the consent to that provision.
package cases
