// Package catalogue owns Bokjiro's welfare-service catalogue and the
// 생애주기별 복지알림이 matcher: the open API's codes (life-cycle stages,
// household types, interest themes), the seed policy's words for a family
// and their mapping to those codes, the embedded catalogue snapshot with its
// bitset indexes, Match (which services fit a family on a day, and why) and
// Changes (the alert events between two days or two catalogue versions).
//
// It is pure: no storage, no network, no clock (callers pass the day), no
// files read at run time. It must never take, keep or return a family
// member's name or any identifier: a profile is relations, birth dates and
// sexes, and reasons and events name members by position and relation only.
// It never sends an alert; the notification outbox does.
package catalogue
