package vault

import (
	"slices"
	"testing"

	"jikimi/errs"
)

// Subjects pages through one service's subjects in ID order, and only that
// service's.
func TestSubjectsPages(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		var want []string
		for range 5 {
			want = append(want, e.newSubject(t))
		}
		if _, err := e.v.NewSubject(ctx, Request{Actor: sysActor, Service: "bokjiro"}); err != nil {
			t.Fatal(err)
		}
		slices.Sort(want)
		var got []string
		after := ""
		for {
			page, err := e.v.Subjects(ctx, seoulSvc, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			got, after = append(got, page...), page[len(page)-1]
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Subjects = %v, want %v", got, want)
		}
		if _, err := e.v.Subjects(ctx, seoulSvc, "", 0); errs.Code(err) != errs.Invalid {
			t.Fatalf("limit 0: %v, want invalid", err)
		}
	})
}
