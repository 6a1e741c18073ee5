// Package partners is how Jikimi talks to outside systems: identity
// verification, the card company, partner services, complaint systems,
// social-insurance look-ups, e-mail and SMS gateways. It owns the common
// HTTP client (JSON, Ed25519-signed requests, idempotency keys, bounded
// retries) and the helpers loopback simulators share (listening on
// 127.0.0.1 only, verifying signatures, injecting faults). Each outside
// system's connector and simulator live in a subpackage.
//
// It must never put personal data in a URL, a log line or an error
// message, never follow a redirect to another host, and never retry a
// request the other side has refused.
package partners
