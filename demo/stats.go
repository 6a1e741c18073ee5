package demo

import (
	"context"
	"fmt"
	"time"

	"jikimi/vault"
)

// The statistics demo: a statistician and a counsellor (listed in
// demoStaff), and a cohort of synthetic participants large enough that the
// statistics page shows published cells beside suppressed ones.

// cohortDistricts: four districts well above k, one below it (its cell and
// one complement are suppressed on the page).
var cohortDistricts = []struct {
	name string
	n    int
}{{"종로구", 16}, {"마포구", 14}, {"노원구", 12}, {"강남구", 11}, {"서초구", 3}}

var cohortScopes = []string{"purpose:enrolment", "purpose:health-service", "sensitive:health-service"}

// seedCohort enrols the cohort through the gate, with step counts over the
// last twelve weeks and weight and blood pressure at enrolment (16 weeks
// ago) and two weeks ago, dated relative to today.
func seedCohort(ctx context.Context, v *vault.Vault, today time.Time) error {
	i := 0
	for _, d := range cohortDistricts {
		for range d.n {
			i++
			if err := seedMember(ctx, v, i, d.name, today); err != nil {
				return err
			}
		}
	}
	return nil
}

func seedMember(ctx context.Context, v *vault.Vault, i int, district string, today time.Time) error {
	const svc = "seoul-healthcare"
	id, err := v.NewSubject(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "demo", Source: "127.0.0.1"}, Service: svc})
	if err != nil {
		return err
	}
	self := vault.Actor{Kind: vault.Subject, ID: id, Source: "127.0.0.1"}
	for _, scope := range cohortScopes {
		if _, err := v.Give(ctx, vault.Request{Actor: self, Service: svc, Subject: id}, vault.Consent{Scope: scope, Channel: vault.ChannelWeb, Text: "데모 동의: " + scope}); err != nil {
			return err
		}
	}
	req := func(purpose string) vault.Request {
		return vault.Request{Actor: self, Service: svc, Purpose: purpose, Subject: id, Action: vault.Input}
	}
	sex := []string{"F", "M"}[i%2]
	enrolment := map[string]string{"name": fmt.Sprintf("가상참여자%03d", i), "birth_date": fmt.Sprintf("%d-0%d-15", 1945+(i*7)%50, 1+i%9),
		"sex": sex, "mobile": fmt.Sprintf("010-0000-2%03d", i), "residence": district}
	if _, err := v.Put(ctx, req("enrolment"), "enrolment", enrolment); err != nil {
		return err
	}
	_, err = v.PutMany(ctx, req("health-service"), "service", cohortHealth(i, today))
	return err
}

// cohortHealth is one member's records: three step counts a week that
// rise over the weeks, and a before/after pair of weight, BMI and blood
// pressure (as self-reports) that improves a little.
func cohortHealth(i int, today time.Time) []map[string]string {
	day := func(daysAgo int) string { return today.AddDate(0, 0, -daysAgo).Format(time.DateOnly) }
	var recs []map[string]string
	for w := range 12 {
		for _, dow := range []int{0, 2, 4} {
			steps := 5200 + 90*w + (i*137)%2500 + dow*40
			recs = append(recs, map[string]string{"steps": fmt.Sprintf(`{"day":%q,"steps":%d}`, day(7*(11-w)+dow), steps)})
		}
	}
	weight := 55 + float64((i*13)%30)
	for _, at := range []struct {
		ago  int
		loss float64
	}{{112, 0}, {14, 1.2 + float64(i%3)*0.4}} {
		w := weight - at.loss
		recs = append(recs, map[string]string{
			"weight":         selfReport(day(at.ago), fmt.Sprintf(`{"value":%.1f,"unit":"kg"}`, w)),
			"bmi":            selfReport(day(at.ago), fmt.Sprintf("%.1f", w/(1.65*1.65))),
			"blood_pressure": selfReport(day(at.ago), fmt.Sprintf(`{"systolic":%.0f,"diastolic":%.0f}`, 134-3*at.loss, 86-at.loss)),
		})
	}
	return recs
}

// selfReport is a value as package ingest stores a participant's report.
func selfReport(on, value string) string {
	return fmt.Sprintf(`{"on":%q,"source":"self","value":%s}`, on, value)
}
