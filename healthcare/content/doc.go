// Package content owns the health content of the Seoul healthcare service
// (콘텐츠 제공, 제1조 2): published articles, declared as data in
// articles.yaml and embedded, that a participant can list and read.
//
// Articles are not personal data: this package touches no personal data,
// keeps no record of who read what, and must never start to (reading
// history would be health-related data of its own, which the policy does
// not declare).
package content
