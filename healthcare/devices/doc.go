// Package devices owns the smartwatches linked to healthcare participants:
// linking one issues a device token (random, stored as its SHA-256 only),
// authenticating a token answers the device and its participant, and a
// device can be revoked. Linking a watch is the event the watch-delivery
// purpose's retention rule waits for ("워치연동 시 삭제"): the delivery
// address and contact are destroyed in the same step.
//
// It keeps only opaque IDs (device, subject) in its table. It must never
// store a token, a serial number or any other personal data, and never
// reach delivery data except through the gate.
package devices
