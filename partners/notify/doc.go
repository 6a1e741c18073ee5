// Package notify is the connector to the e-mail and SMS gateways through
// which Jikimi sends notices to citizens (welfare alerts, a legal
// representative's verification code), and their loopback simulators.
//
// It owns the wire format of a message and nothing else: what to say and
// to whom is decided by the service that calls it, inside a durable job.
// It must never log, keep or echo a recipient or a message body, except the
// simulator's in-memory inbox, which stands for the recipient's phone or
// mailbox in tests and the demo.
package notify
