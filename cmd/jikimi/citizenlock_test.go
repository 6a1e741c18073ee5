package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"jikimi/demo"
	"jikimi/partners/notify"
)

type sentTexts []notify.Message

func (s *sentTexts) Send(_ context.Context, _ string, m notify.Message) error {
	*s = append(*s, m)
	return nil
}

// When failed logins lock a citizen account, its holder gets a text at the
// mobile number of their account record, saying until when.
func TestLockNoticeTextsTheHolder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys, _, creds := seededApp(t, func(sys *app) demo.Deps {
		return demo.Deps{Vault: sys.vault, Staff: sys.staff, Accounts: sys.citizens, Devices: sys.devices}
	})
	defer sys.Close()
	var sent sentTexts
	sys.citizens.TellLocked(lockNotice(sys, &connectors{log: slog.New(slog.NewTextHandler(testWriter{t}, nil))}, &sent))
	c := demoCitizen(t, creds, "seoul-healthcare")
	for range 5 {
		sys.citizens.Login(ctx, c.Service, accountPurposes[c.Service], c.Login, "wrong-password-0", "127.0.0.1")
	}
	if len(sent) != 1 || !strings.HasPrefix(sent[0].To, "010") || !strings.Contains(sent[0].Body, "잠겼습니다") {
		t.Fatalf("texts %+v, want one lock notice to the holder's mobile", sent)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }
