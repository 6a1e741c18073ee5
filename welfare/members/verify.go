package members

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"io"
	"math/big"
	"sync"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/ids"
	"jikimi/keys"
	"jikimi/partners/notify"
)

// A legal representative proves control of their mobile number with a
// six-digit code sent by text message: the verification method the policy
// declares (minors.verification: sms; Decree 17-2).
const (
	MethodSMS      = "sms"
	codeTTL        = 10 * time.Minute
	maxCodeTries   = 5
	maxOpenPending = 10000 // bounds memory under a flood of requests
)

// verifications are the codes sent and not yet used. They live in memory
// only: they are worth ten minutes, and a restart just asks for a new one.
// Only a digest of the number and code is kept.
type verifications struct {
	clk  clock.Clock
	rand io.Reader
	mu   sync.Mutex
	open map[string]*pending
}

type pending struct {
	digest  [32]byte
	expires time.Time
	tries   int
}

func newVerifications(clk clock.Clock, rand io.Reader) *verifications {
	return &verifications{clk: clk, rand: rand, open: map[string]*pending{}}
}

func codeDigest(id, mobile, code string) [32]byte {
	return sha256.Sum256([]byte("bokjiro representative code|" + id + "|" + mobile + "|" + code))
}

// StartVerification sends a code to a legal representative's mobile number
// and returns the verification's ID, which the sign-up names with the code.
func (s *Service) StartVerification(ctx context.Context, mobile string) (string, error) {
	m, err := keys.NormalizeMobile(mobile)
	if err != nil {
		return "", invalid("invalid_representative_mobile", "법정대리인 휴대전화 번호 형식이 올바르지 않습니다 (malformed representative mobile number)")
	}
	id, code, err := s.reps.start(m)
	if err != nil {
		return "", err
	}
	msg := notify.Message{To: m, Body: fmt.Sprintf("[복지로] 자녀의 회원가입 법정대리인 동의 인증번호는 %s 입니다. (10분 이내 입력)", code)}
	if err := s.cfg.SMS.Send(ctx, "rep-"+id, msg); err != nil {
		s.reps.drop(id)
		return "", err
	}
	return id, nil
}

// newID is an opaque ID (128 random bits) with the prefix.
func (v *verifications) newID(prefix string) (string, error) { return ids.New(v.rand, prefix) }

func (v *verifications) start(mobile string) (id, code string, err error) {
	if id, err = v.newID("rv_"); err != nil {
		return "", "", err
	}
	n, err := randInt(v.rand, 1000000)
	if err != nil {
		return "", "", err
	}
	code = fmt.Sprintf("%06d", n)
	v.mu.Lock()
	defer v.mu.Unlock()
	v.sweep()
	if len(v.open) >= maxOpenPending {
		return "", "", errs.E(errs.Unavailable, "too many verifications pending; try again later")
	}
	v.open[id] = &pending{digest: codeDigest(id, mobile, code), expires: v.clk.Now().Add(codeTTL)}
	return id, code, nil
}

func randInt(r io.Reader, max int64) (int64, error) {
	n, err := rand.Int(r, big.NewInt(max))
	if err != nil {
		return 0, errs.Wrap(errs.Internal, err, "members: random code")
	}
	return n.Int64(), nil
}

// sweep drops expired verifications; the caller holds the lock.
func (v *verifications) sweep() {
	now := v.clk.Now()
	for id, p := range v.open {
		if now.After(p.expires) {
			delete(v.open, id)
		}
	}
}

func (v *verifications) drop(id string) {
	v.mu.Lock()
	delete(v.open, id)
	v.mu.Unlock()
}

// check reports whether the code is the one sent to mobile for id, without
// using it up (a sign-up refused for another reason may try again). Each
// wrong code counts; too many, or too late, end the verification.
func (v *verifications) check(id, mobile, code string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	p, ok := v.open[id]
	if !ok || v.clk.Now().After(p.expires) {
		delete(v.open, id)
		return invalid("representative_unverified", "법정대리인 인증이 없거나 만료되었습니다. 인증번호를 다시 받아 주세요 (no valid verification of the legal representative)")
	}
	want := codeDigest(id, mobile, code)
	if subtle.ConstantTimeCompare(want[:], p.digest[:]) == 1 {
		return nil
	}
	if p.tries++; p.tries >= maxCodeTries {
		delete(v.open, id)
	}
	return invalid("representative_unverified", "법정대리인 인증번호가 일치하지 않습니다 (the representative's verification code does not match)")
}
