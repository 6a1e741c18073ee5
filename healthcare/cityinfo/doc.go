// Package cityinfo is the optional city-information service of the Seoul
// healthcare service (시정정보 제공, 선택): a participant opts in, which
// copies their sex, birth date and district (and, from the 2026-12-07
// policy on, their mobile number) into records of purpose city-info;
// health operators select recipients by district, age band and sex, and
// get back opaque subject IDs of those who consented, nothing else; a send
// puts one text message per selected participant in the outbox, whose job
// reads the number through the gate under city-info (each read in the
// access log) and sends it through the SMS gateway.
//
// It owns hc_cityinfo_members (opaque subject IDs only) and hc_cityinfo_sends
// (what was sent and how many received it, no recipient). It must never use
// an item other than these four, use any of them without the city-info
// consent in force, or return a value to staff.
package cityinfo
