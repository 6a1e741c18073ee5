// Package complaint connects Jikimi to the public complaint systems a
// 부정수급 신고 (welfare-fraud report) is provided to: 국민신문고 and
// 청렴신문고 of 국민권익위원회 (복지로 policy 제3조). It owns the connector
// (an interface and its signed-HTTP implementation) and a loopback
// simulator of one such system.
//
// It must never put a report's contents in a URL, a log line or an error,
// and never file a report twice: every filing carries an idempotency key
// and the simulator answers a retry with the first receipt.
package complaint
