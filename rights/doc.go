// Package rights runs data-subject rights requests (Act 35-38): access
// (열람), correction (정정), deletion (삭제), processing suspension (처리정지),
// consent withdrawal, objection to an earlier result (이의제기) and
// transmission (전송요구), for every service, each on its 10-day clock with
// the privacy officer as its owner.
//
// It owns the requests' bookkeeping (rights_requests, rights_events): opaque
// IDs, kinds, statuses, dates and reason codes. Everything a request shows
// or changes of a person's data goes through the gate (package vault) and
// is logged there; the access answer is computed from what is stored and
// from the access log, never kept here. It must never store a value of
// personal data, nor write one to an error or log line.
package rights
