package members

import (
	"testing"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The representative recorded at sign-up proves their standing again for
// a rights request with a new code to their mobile; a code to another
// mobile, a used code, an adult member or another service are refused;
// once the member consents themself, the representative no longer acts.
func TestRepresents(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite)
	m, _ := f.childJoined(t)
	now := f.env.Clock.Now()
	again := func(mobile string) string {
		v, err := f.StartVerification(ctx, mobile)
		if err != nil {
			t.Fatal(err)
		}
		return v + ":" + f.sentCode(t, mobile[:3]+mobile[4:8]+mobile[9:])
	}
	other := again("010-0000-0008")
	if _, err := f.Represents(ctx, ServiceName, m.Subject, other, now); errs.Code(err) != errs.Invalid {
		t.Fatalf("a code to another mobile: %v", err)
	}
	good := again("010-0000-0009")
	if _, err := f.Represents(ctx, "seoul-healthcare", m.Subject, good, now); errs.Code(err) != errs.NotFound {
		t.Fatalf("another service: %v", err)
	}
	if minor, err := f.Represents(ctx, ServiceName, m.Subject, good, now); err != nil || !minor {
		t.Fatalf("the recorded representative: %v, %v", minor, err)
	}
	if _, err := f.Represents(ctx, ServiceName, m.Subject, good, now); errs.Code(err) != errs.Invalid {
		t.Fatalf("a used code: %v", err)
	}
	called, err := f.CallRepresentative(ctx, m.Subject) // on paper: the code goes to the mobile recorded at sign-up
	if err != nil {
		t.Fatal(err)
	}
	if minor, err := f.Represents(ctx, ServiceName, m.Subject, called+":"+f.sentCode(t, "01000000009"), now); err != nil || !minor {
		t.Fatalf("the representative called at the recorded mobile: %v, %v", minor, err)
	}
	if _, err := f.CallRepresentative(ctx, "sub_nobody"); errs.Code(err) != errs.NotFound {
		t.Fatalf("calling the representative of nobody: %v", err)
	}
	c := vault.Consent{Scope: "purpose:" + PurposeMember, Channel: vault.ChannelWeb, Text: "회원정보 수집·이용에 동의합니다 (본인, 가상)"}
	if _, err := f.env.Vault.Give(ctx, vault.Request{Actor: me(m.Subject), Service: ServiceName, Subject: m.Subject}, c); err != nil {
		t.Fatal(err)
	}
	if minor, err := f.Represents(ctx, ServiceName, m.Subject, again("010-0000-0009"), now); err != nil || minor {
		t.Fatalf("after the member consented themself: %v, %v", minor, err)
	}
}
