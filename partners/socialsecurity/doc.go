// Package socialsecurity is the connector to the social-security
// information system (사회보장정보시스템, 행복e음), through which a Bokjiro
// member who gave their resident registration number sees the services
// they can apply for and the status of their applications; and its
// loopback simulator.
//
// It must never put the resident registration number anywhere but a signed
// request body (never a URL, a log line or an error), and never keep what
// it fetches: the caller shows it and drops it.
package socialsecurity
