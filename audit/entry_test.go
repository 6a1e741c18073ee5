package audit

import (
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

func TestEntryValidation(t *testing.T) {
	for name, tt := range map[string]struct {
		change func(*Entry)
		want   string // part of the message
	}{
		"UnknownAction":           {func(e *Entry) { e.Action = "copy" }, "unknown action"},
		"UnknownOutcome":          {func(e *Entry) { e.Outcome = "maybe" }, "unknown outcome"},
		"NoHandler":               {func(e *Entry) { e.Handler = "" }, "handler"},
		"HandlerWithSpaces":       {func(e *Entry) { e.Handler = "Kim Minsu" }, "handler"},
		"HandlerPhoneNumber":      {func(e *Entry) { e.Handler = "subject:010-1234-5678" }, "handler"},
		"SubjectName":             {func(e *Entry) { e.Subject = "홍길동" }, "subject"},
		"SubjectRRN":              {func(e *Entry) { e.Subject = "900101-1234567" }, "subject"},
		"SubjectEmail":            {func(e *Entry) { e.Subject = "kim@example.kr" }, "subject"},
		"NoRole":                  {func(e *Entry) { e.Role = "" }, "role"},
		"BadSource":               {func(e *Entry) { e.Source = "somewhere" }, "source"},
		"NoService":               {func(e *Entry) { e.Service = "" }, "service"},
		"NoPurpose":               {func(e *Entry) { e.Purpose = "" }, "purpose"},
		"ItemValue":               {func(e *Entry) { e.Items = []string{"weight=72kg"} }, "item"},
		"ItemWithComma":           {func(e *Entry) { e.Items = []string{"weight,steps"} }, "item"},
		"AllowedWithReason":       {func(e *Entry) { e.Reason = "consent_missing" }, "allowed access has no reason"},
		"DeniedWithoutReason":     {func(e *Entry) { e.Outcome = Denied }, "denied access needs a reason"},
		"DownloadReasonElsewhere": {func(e *Entry) { e.DownloadReason = "monthly report" }, "stated reason"},
		"ReasonOnAChange":         {func(e *Entry) { e.Action, e.Subject, e.DownloadReason = Change, "", "monthly report" }, "stated reason"},
		"DownloadReasonControl":   {func(e *Entry) { e.Action, e.DownloadReason = Download, "a\x00b" }, "download reason"},
		"DownloadReasonLong":      {func(e *Entry) { e.Action, e.DownloadReason = Download, strings.Repeat("가", 501) }, "download reason"},
		"NegativeRecords":         {func(e *Entry) { e.Records = -1 }, "record count"},
		"TimeBefore1970":          {func(e *Entry) { e.Time = time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC) }, "time"},
	} {
		t.Run(name, func(t *testing.T) {
			e := sample(1)
			e.Time = epoch
			tt.change(&e)
			_, err := e.normalize()
			if errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("normalize = %v, want invalid mentioning %q", err, tt.want)
			}
			for _, v := range []string{"홍길동", "900101", "010-1234", "kim@", "72kg", "Kim Minsu"} {
				if strings.Contains(err.Error(), v) {
					t.Fatalf("error %q quotes the value", err)
				}
			}
		})
	}
}

func TestEntryAccepts(t *testing.T) {
	for name, change := range map[string]func(*Entry){
		"Plain":          func(*Entry) {},
		"SystemBulkRead": func(e *Entry) { e.Handler, e.Subject, e.Source, e.Records = "system:statistics", "", "", 250000 },
		"Denied":         func(e *Entry) { e.Outcome, e.Reason = Denied, "consent_missing" },
		"Download":       func(e *Entry) { e.Action, e.DownloadReason = Download, "감사원 제출용 월간 통계" },
		"DeviceSerial":   func(e *Entry) { e.Handler = "device:123456789012" },
		"IPv6":           func(e *Entry) { e.Source = "2001:db8::1" },
	} {
		t.Run(name, func(t *testing.T) {
			e := sample(1)
			e.Time = epoch
			change(&e)
			if _, err := e.normalize(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestNormalizeKeepsMicrosecondsAndCanonicalAddress(t *testing.T) {
	e := sample(1)
	e.Time, e.Source = epoch.Add(1500*time.Nanosecond), "::ffff:10.0.0.9"
	n, err := e.normalize()
	if err != nil {
		t.Fatal(err)
	}
	if !n.Time.Equal(epoch.Add(time.Microsecond)) || n.Source != "10.0.0.9" {
		t.Fatalf("normalized to %v %s", n.Time, n.Source)
	}
}

// The canonical encoding is a published format: an auditor's tool hashes it.
// Changing it changes every hash; this vector catches an accidental change.
func TestCanonicalEncodingIsStable(t *testing.T) {
	e := sample(1)
	e.Time = epoch
	str := func(s string) string { return "\x00\x00\x00" + string(rune(len(s))) + s }
	want := "\x01" + "\x00\x06\x4c\x00\x1b\x2e\x64\x00" + // version, 2026-03-02T01:00Z in microseconds
		str("staff-7") + str("officer") + str("10.0.0.1") + str("s_1") + str("seoul-healthcare") + str("health") +
		"\x00\x00\x00\x02" + str("weight") + str("steps") + // items: count, then each
		str("view") + str("allowed") + str("") + str("") + "\x00\x00\x00\x00\x00\x00\x00\x00" // reason, download reason, records
	if got := string(encode(nil, &e)); got != want {
		t.Fatalf("encoding\n got %x\nwant %x", got, want)
	}
	sum, _ := entryHash(nil, make([]byte, 32), []byte(want))
	const golden = "401896b1f4866d3d01785d9b6a43fdd94abc43a2d8b362919c3304cd87cae834" // SHA-256(32 zero bytes || want)
	if got := hex.EncodeToString(sum[:]); got != golden {
		t.Fatalf("entry hash %s, want %s", got, golden)
	}
}

func TestEncodingRoundTrip(t *testing.T) {
	for _, e := range []Entry{sample(1), {Time: epoch, Handler: "system:x", Role: "job", Service: "s", Purpose: "p", Action: Delete, Outcome: Denied, Reason: "r"}} {
		if e.Time.IsZero() {
			e.Time = epoch
		}
		got, err := decodeEntry(encode(nil, &e))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, e)
		}
	}
	for _, bad := range [][]byte{nil, {2}, {1, 0, 0}, append(encode(nil, ptr(sample(1))), 0)} {
		if _, err := decodeEntry(bad); errs.Code(err) != errs.Invalid {
			t.Fatalf("decodeEntry(%x) = %v", bad, err)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestAppendAssignsSequenceAndTime(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.append(t, samples(3)...)
		e.clk.Advance(time.Minute)
		given := sample(9)
		given.Time = epoch.Add(-time.Hour)
		e.append(t, sample(4), given)
		if at := e.row(t, 4).at; at != epoch.Add(time.Minute).UnixMicro() {
			t.Fatalf("entry 4 at %d, want the clock's time", at)
		}
		if got := e.row(t, 5).at; got != epoch.Add(-time.Hour).UnixMicro() {
			t.Fatalf("entry 5 at %d, want the given time", got)
		}
		if got := e.entries(t); got != 5 {
			t.Fatalf("last seq %d", got)
		}
	})
}

func TestAppendRefusesBadBatchWhole(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.append(t, sample(0))
		bad := sample(2)
		bad.Action = "copy"
		err := e.sql.InTx(ctx, func(tx store.Querier) error { return e.log.Append(ctx, tx, sample(1), bad) })
		if errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), "entry 2 of 2") {
			t.Fatalf("Append = %v, want invalid naming entry 2 of 2", err)
		}
		if n := e.entries(t); n != 1 {
			t.Fatalf("%d rows after a refused batch", n)
		}
		if n := e.count(t, `SELECT seq FROM audit_head`); n != 1 {
			t.Fatalf("head at %d after a refused batch", n)
		}
	})
}

func TestAppendRollsBackWithTheCaller(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		err := e.sql.InTx(ctx, func(tx store.Querier) error {
			if err := e.log.Append(ctx, tx, samples(5)...); err != nil {
				return err
			}
			return errs.E(errs.Forbidden, "the access failed")
		})
		if errs.Code(err) != errs.Forbidden {
			t.Fatal(err)
		}
		e.append(t, sample(1))
		if n := e.entries(t); n != 1 {
			t.Fatalf("after a rolled-back append the next entry is %d, want 1", n)
		}
		e.mustVerify(t)
	})
}

// Entries prepared apart and appended together chain as Append chains them;
// an invalid entry is refused at Prepare, and an entry never prepared is
// refused with nothing written.
func TestAppendPrepared(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		var ps []Prepared
		for _, x := range samples(4) {
			p, err := e.log.Prepare(x)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
		}
		if err := e.sql.InTx(ctx, func(tx store.Querier) error { return e.log.AppendPrepared(ctx, tx, ps...) }); err != nil {
			t.Fatal(err)
		}
		e.append(t, sample(5))
		if r := e.mustVerify(t); r.To != 5 {
			t.Fatalf("verified up to %d, want 5", r.To)
		}
		if got, err := decodeEntry(e.row(t, 2).entry); err != nil || got.Subject != sample(1).Subject {
			t.Fatalf("entry 2 = %+v, %v; want sample 1", got, err)
		}
		bad := sample(6)
		bad.Outcome = "maybe"
		if _, err := e.log.Prepare(bad); errs.Code(err) != errs.Invalid {
			t.Fatalf("Prepare(bad) = %v, want invalid", err)
		}
		err := e.sql.InTx(ctx, func(tx store.Querier) error { return e.log.AppendPrepared(ctx, tx, ps[0], Prepared{}) })
		if errs.Code(err) != errs.Invalid {
			t.Fatalf("AppendPrepared(unprepared) = %v, want invalid", err)
		}
		if n := e.entries(t); n != 5 {
			t.Fatalf("%d entries after a refused append, want 5", n)
		}
	})
}

// A search across subjects (a view naming no subject) keeps its stated
// reason, as a download does.
func TestSearchKeepsItsReason(t *testing.T) {
	e := sample(1)
	e.Time, e.Subject, e.Records, e.DownloadReason = epoch, "", 3, "가상 사유: 중복 신청 확인"
	if _, err := e.normalize(); err != nil {
		t.Fatal(err)
	}
}
