package main

import (
	"context"
	"fmt"
	"time"

	"jikimi/errs"
	"jikimi/partners/notify"
	"jikimi/vault"
	"jikimi/web"
)

// accountPurposes names, per service, the purpose whose records hold a
// citizen's login name and password hash.
var accountPurposes = map[string]string{
	"seoul-healthcare": "enrolment",
	"bokjiro":          "membership",
}

// mountCitizen: citizens' logins and sessions, shared by every service,
// with a text to the holder of an account that repeated failed logins
// locked; hourly, expired sessions are deleted (an expired session is
// refused anyway: this only keeps the table small).
func mountCitizen(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
	sms, err := gateway(sys, conn, notify.SMS)
	if err != nil {
		return web.Mount{}, err
	}
	sys.citizens.TellLocked(lockNotice(sys, conn, sms))
	sys.jobs.Every("citizen.sessions.purge", time.Hour, func(ctx context.Context, _ time.Time) error {
		sys.citizens.PurgeSessions(ctx)
		return nil
	})
	return sys.citizens.Mount(accountPurposes), nil
}

// lockNotice texts the holder of a citizen account that repeated failed
// logins locked it, and until when: the mobile number of the account
// purpose's record, read through the gate. A notice that cannot be sent
// is logged (codes only) and never fails the login.
func lockNotice(sys *app, conn *connectors, sms notify.Sender) func(ctx context.Context, service, subject string, until time.Time) {
	names := map[string]string{"seoul-healthcare": "손목닥터 9988", "bokjiro": "복지로"}
	return func(ctx context.Context, service, subject string, until time.Time) {
		recs, err := sys.vault.List(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "citizen-login", Source: "127.0.0.1"},
			Service: service, Purpose: accountPurposes[service], Subject: subject, Items: []string{"mobile"}, Action: vault.View})
		if err == nil && (len(recs) == 0 || recs[0].Values["mobile"] == "") {
			err = errs.E(errs.NotFound, "no mobile number on the account")
		}
		if err == nil {
			msg := notify.Message{To: recs[0].Values["mobile"], Body: fmt.Sprintf("[%s] 로그인 실패가 반복되어 계정이 %s까지 잠겼습니다. 본인이 시도하지 않았다면 비밀번호를 바꿔 주세요.",
				names[service], until.In(kst).Format("2006-01-02 15:04"))}
			err = sms.Send(ctx, fmt.Sprintf("lock-%s-%d", subject, until.UnixMicro()), msg)
		}
		if err != nil {
			conn.log.Warn("citizen: the lock notice was not sent", "service", service, "subject", subject, "error", errs.Code(err))
		}
	}
}

// kst is Korea's time zone (UTC+9, no daylight saving since 1988).
var kst = time.FixedZone("KST", 9*60*60)
