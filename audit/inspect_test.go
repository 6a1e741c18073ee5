package audit

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
)

func kst(month time.Month, day, hour, min int) time.Time {
	return time.Date(2026, month, day, hour, min, 0, 0, Seoul)
}

// inspectionLog appends a month of varied accesses (March 2026) and a few
// just outside it.
func inspectionLog(t *testing.T, e *env) {
	at := func(t time.Time, change func(*Entry)) Entry {
		x := sample(1)
		x.Time = t
		change(&x)
		return x
	}
	none := func(*Entry) {}
	e.append(t,
		at(kst(2, 28, 23, 0), none), // February
		at(kst(3, 2, 10, 0), none),
		at(kst(3, 2, 10, 1), none),
		at(kst(3, 2, 10, 2), func(x *Entry) { x.Purpose = "points" }),
		at(kst(3, 2, 11, 0), func(x *Entry) { x.Handler, x.Outcome, x.Reason = "staff-8", Denied, "consent_missing" }),
		at(kst(3, 2, 11, 1), func(x *Entry) { x.Handler, x.Outcome, x.Reason = "staff-8", Denied, "consent_missing" }),
		at(kst(3, 2, 11, 2), func(x *Entry) { x.Handler, x.Outcome, x.Reason = "staff-9", Denied, "suspended" }),
		at(kst(3, 4, 9, 0), func(x *Entry) { x.Action, x.DownloadReason, x.Records = Download, "감사 자료 제출", 20 }),
		at(kst(3, 4, 9, 30), func(x *Entry) { x.Handler, x.Action = "staff-9", Download }),
		at(kst(3, 5, 14, 0), func(x *Entry) { x.Handler, x.Subject, x.Records = "system:statistics", "", 250 }),
		at(kst(3, 5, 14, 5), func(x *Entry) { x.Records = 99 }),
		at(kst(3, 2, 7, 59), none),   // early
		at(kst(3, 2, 20, 0), none),   // late
		at(kst(3, 7, 12, 0), none),   // Saturday
		at(kst(3, 3, 11, 0), none),   // a holiday in the options
		at(kst(3, 31, 23, 59), none), // late, last minute of the month
		at(kst(3, 31, 15, 0), func(x *Entry) { x.Subject, x.Records, x.DownloadReason = "", 2, "가상 사유: 중복 신청 확인" }), // a search
		at(kst(4, 1, 0, 0), none), // April
	)
}

func TestInspect(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		inspectionLog(t, e)
		in, err := e.log.Inspect(ctx, kst(3, 15, 0, 0), InspectOptions{Holidays: []time.Time{time.Date(2026, 3, 3, 0, 0, 0, 0, Seoul)}})
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, got, want any) {
			t.Helper()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s = %v, want %v", what, got, want)
			}
		}
		check("entries", in.Entries, int64(16))
		check("by handler", in.ByHandler, []Count{{"staff-7", 11}, {"staff-8", 2}, {"staff-9", 2}, {"system:statistics", 1}})
		check("by purpose", in.ByPurpose, []Count{{"seoul-healthcare/health", 15}, {"seoul-healthcare/points", 1}})
		check("searches", in.SearchesTotal, int64(1))
		check("search reason", in.Searches[0].DownloadReason, "가상 사유: 중복 신청 확인")
		check("denied", in.Denied, int64(3))
		check("denied by reason", in.DeniedByReason, []Count{{"consent_missing", 2}, {"suspended", 1}})
		check("denied by handler", in.DeniedByHandler, []Count{{"staff-8", 2}, {"staff-9", 1}})
		check("downloads", len(in.Downloads), 2)
		check("downloads without reason", in.NoReason, int64(1))
		check("bulk", seqs(in.Bulk), []int64{10})
		check("off-hours", seqs(in.OffHours), []int64{12, 13, 14, 15, 16})
		check("off-hours by handler", in.OffHoursBy, []Count{{"staff-7", 5}})
		var march3, march2 int64
		for _, d := range in.Daily {
			switch {
			case d.Day < "2026-03-01" || d.Day > "2026-03-31":
				t.Errorf("a day outside the month: %+v", d)
			case d.Day == "2026-03-02" && d.Purpose == "seoul-healthcare/points":
				check("points on 3-02", d.N, int64(1))
			case d.Day == "2026-03-02":
				march2 += d.N
			case d.Day == "2026-03-03":
				march3 += d.N
			}
		}
		check("health on 3-02", march2, int64(7))
		check("on 3-03", march3, int64(1))
		check("days listed", in.Daily[0].Day, "2026-03-02")
	})
}

func TestInspectSettings(t *testing.T) {
	e := newEnv(t, openSQLite)
	inspectionLog(t, e)
	in, err := e.log.Inspect(ctx, kst(3, 1, 0, 0), InspectOptions{WorkStart: 7, WorkEnd: 21, BulkThreshold: 50, ListLimit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if in.OffHoursTotal != 2 || len(in.OffHours) != 1 || in.BulkTotal != 2 {
		t.Fatalf("with 07-21 and a list limit of 1: off-hours %d (%d listed), bulk %d", in.OffHoursTotal, len(in.OffHours), in.BulkTotal)
	}
	for _, bad := range []InspectOptions{{WorkStart: 20, WorkEnd: 8}, {WorkEnd: 25}, {BulkThreshold: -1}} {
		if _, err := e.log.Inspect(ctx, kst(3, 1, 0, 0), bad); errs.Code(err) != errs.Invalid {
			t.Fatalf("Inspect(%+v) = %v", bad, err)
		}
	}
}

func TestInspectionReport(t *testing.T) {
	e := newEnv(t, openSQLite)
	inspectionLog(t, e)
	in, err := e.log.Inspect(ctx, kst(3, 1, 0, 0), InspectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return in.WriteText(b) },
		"markdown": func(b *bytes.Buffer) error { return in.WriteMarkdown(b) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"2026-03", "staff-8", "consent_missing", "Downloads: 2 (FLAGGED: 1 without a reason)", "Searches: 1", `"가상 사유: 중복 신청 확인"`,
			`"감사 자료 제출"`, "FLAGGED: no reason recorded", "Bulk reads: 1", "Off-hours accesses: 4", "2026-03-07 12:00 Sat"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s report lacks %q:\n%s", name, want, b.String())
			}
		}
	}
}

func seqs(es []Entry) []int64 {
	out := []int64{}
	for _, e := range es {
		out = append(out, e.Seq)
	}
	return out
}

// Third parties' reads are counted by provision, allowed and refused apart,
// with the last; staff and system reads are not theirs.
func TestInspectPartners(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		at := func(tm time.Time, handler string, out Outcome) Entry {
			x := sample(1)
			x.Time, x.Handler, x.Outcome, x.Role = tm, handler, out, "partner"
			if out == Denied {
				x.Reason = "consent_missing"
			}
			return x
		}
		e.append(t, at(kst(3, 2, 10, 0), "partner:korea-body-info", Allowed), at(kst(3, 9, 10, 0), "partner:korea-body-info", Allowed),
			at(kst(3, 5, 10, 0), "partner:shinhan-card", Denied), at(kst(3, 5, 11, 0), "staff-7", Allowed),
			at(kst(4, 1, 10, 0), "partner:korea-body-info", Allowed))
		in, err := e.log.Inspect(ctx, kst(3, 15, 0, 0), InspectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := []PartnerUse{{"korea-body-info", 2, 0, kst(3, 9, 10, 0)}, {"shinhan-card", 0, 1, kst(3, 5, 10, 0)}}
		if len(in.Partners) != 2 {
			t.Fatalf("partners = %+v", in.Partners)
		}
		for i, w := range want {
			if g := in.Partners[i]; g.Provision != w.Provision || g.Allowed != w.Allowed || g.Denied != w.Denied || !g.Last.Equal(w.Last) {
				t.Errorf("partner %d = %+v, want %+v", i, g, w)
			}
		}
	})
}
