package members

import (
	"context"
	"crypto/rand"
	"regexp"
	"testing"

	"jikimi/keys"
	"jikimi/partners/identity"
	"jikimi/partners/notify"
	"jikimi/partners/partnerstest"
	"jikimi/partners/socialsecurity"
	"jikimi/password"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

// hasher adapts password.Hasher to PasswordHasher.
type hasher struct{ h *password.Hasher }

func (h hasher) HashPassword(ctx context.Context, pw string) (string, error) {
	return h.h.Hash(ctx, pw)
}

type fixture struct {
	*Service
	env  *vaulttest.Env
	sms  *notify.Sim
	hash *password.Hasher
}

func newFixture(t testing.TB, open vaulttest.Opener) *fixture {
	t.Helper()
	env := open(t, vaulttest.Config{})
	f := &fixture{env: env, hash: password.NewHasher(password.MinParams(), 2, rand.Reader)}
	smsClient, sms := partnerstest.Sim(t, "sms", notify.NewSim)
	f.sms = sms
	ssClient, _ := partnerstest.Sim(t, "socialsecurity", socialsecurity.NewSim)
	idClient, _ := partnerstest.Sim(t, "identity", identity.NewSim)
	svc, err := New(Config{Vault: env.Vault, Hasher: hasher{f.hash}, Clock: env.Clock,
		SMS: notify.Gateway{Channel: notify.SMS, Client: smsClient}, Social: socialsecurity.HTTP{Client: ssClient},
		Identity: identity.Connector{Client: idClient}})
	if err != nil {
		t.Fatal(err)
	}
	f.Service = svc
	return f
}

// join makes a a member, or fails the test.
func (f *fixture) join(t *testing.T, a Application) *Member {
	t.Helper()
	m, err := f.Join(ctx, "127.0.0.1", a)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func adult() Application {
	return Application{Name: "박가상", UserID: "Demo_Member1", Password: "gasang-pass-0001", Email: "member1@example.invalid",
		Mobile: "010-0000-0003", ConsentText: "회원정보 수집·이용에 동의합니다 (가상)"}
}

func child(rep *Representative) Application {
	a := adult()
	a.Name, a.UserID, a.Under14, a.Rep = "최가상", "child_member", true, rep
	return a
}

func repOf(verification, code string) *Representative {
	return &Representative{Name: "최가상부모", Mobile: "010-0000-0009", Email: "parent@example.invalid", Verification: verification, Code: code}
}

var codePattern = regexp.MustCompile(`\d{6}`)

// sentCode is the last code the SMS simulator delivered to mobile.
// childJoined is a member under 14 who joined with their representative
// verified by a code to 010-0000-0009, and the verification's ID.
func (f *fixture) childJoined(t *testing.T) (*Member, string) {
	t.Helper()
	id, err := f.StartVerification(ctx, "010-0000-0009")
	if err != nil {
		t.Fatal(err)
	}
	return f.join(t, child(repOf(id, f.sentCode(t, "01000000009")))), id
}

func (f *fixture) sentCode(t *testing.T, mobile string) string {
	t.Helper()
	got := f.sms.To(notify.SMS, mobile)
	if len(got) == 0 {
		t.Fatal("no code was sent")
	}
	return codePattern.FindString(got[len(got)-1].Body)
}

func me(subject string) vault.Actor { return self(subject, "127.0.0.1") }

// verify has the identity simulator confirm a person (the adult member's
// name and mobile unless told otherwise) born on the date and of the sex
// an RRN carries, and answers the verification's ID.
func (f *fixture) verify(t *testing.T, name, mobile, rrn string) string {
	t.Helper()
	birth, sex := "1990-01-01", "M"
	if n, err := keys.NormalizeRRN(rrn); err == nil {
		birth, sex, _ = keys.RRNPerson(n)
	}
	id, err := f.StartIdentity(ctx, "k-"+name+mobile+rrn, identity.Claim{Name: name, BirthDate: birth, Sex: sex, Mobile: mobile})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// linkOf is the adult member's link with the RRN, verified as theirs.
func (f *fixture) linkOf(t *testing.T, rrn string) Link {
	return Link{RRN: rrn, Address: "가상로 1길 0, 000호", ConsentText: "주민등록번호 및 상세주소 수집·이용에 별도로 동의합니다 (가상)",
		Verification: f.verify(t, adult().Name, adult().Mobile, rrn)}
}
