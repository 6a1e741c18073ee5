// Package insurance connects Jikimi to the four social-insurance systems
// 복지로's 나의 복지서비스 looks a person up in: 국민연금 (pension),
// 건강보험 (health insurance), 고용보험 (employment insurance) and 산재보험
// (industrial-accident insurance). It owns the connector (an interface and
// its signed-HTTP implementation, one per system) and a loopback simulator
// of each system answering synthetic records.
//
// It must never put the resident registration number or an answer in a
// URL, a log line or an error (the number travels only in a signed request
// body), and never keep what it fetched: the caller shows it and drops it.
package insurance
