// Package members owns Bokjiro membership (회원정보, seed policy 002 제1조
// 1.1–1.3): joining with name, login ID, password, e-mail and mobile
// number; the verified consent of a legal representative for a member
// under 14 (Act 22-2); and the optional link to the social-security
// information system through a resident registration number and detailed
// address, asked separately and never required to join.
//
// It must never hold personal data outside the vault (the password only as
// the hash it is given), never write part of a sign-up it refuses, never
// activate a member under 14 whose representative was not verified, and
// never keep what the social-security system answers.
package members
