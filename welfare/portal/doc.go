// Package portal is the HTTP surface of Bokjiro's membership, 생애주기별
// 복지알림이 and newsletter (/api/v1/bokjiro/...): it reads requests, takes
// the signed-in member from their citizen session, calls packages members,
// alerts and newsletter, and documents every route in its OpenAPI fragment.
//
// It holds no business rule and no personal data of its own, and must never
// put personal data in a URL, a log line or an error.
package portal
