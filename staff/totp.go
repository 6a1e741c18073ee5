package staff

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"hash"
	"net/url"
	"time"
)

// TOTP parameters (RFC 6238 defaults, which every authenticator app reads).
const (
	totpPeriod  = 30 // seconds per step
	totpDigits  = 6
	totpWindow  = 1  // steps accepted either side of now, for clock drift
	totpKeySize = 20 // bytes: 160 bits, as RFC 4226 section 4 recommends
)

// hotp is RFC 4226: the HMAC of the big-endian counter, dynamically
// truncated to a number of digits, zero-padded.
func hotp(h func() hash.Hash, key []byte, counter uint64, digits int) string {
	mac := hmac.New(h, key)
	_ = binary.Write(mac, binary.BigEndian, counter) // a hash.Hash never fails to write
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// totpStep is the RFC 6238 time step of t.
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// matchTOTP finds the step within the window around now whose code is code
// and that is later than last (each code works once). It answers 0, false
// when none is.
func matchTOTP(key []byte, code string, now time.Time, last int64) (int64, bool) {
	if len(code) != totpDigits {
		return 0, false
	}
	step := totpStep(now)
	for s := step - totpWindow; s <= step+totpWindow; s++ {
		want := hotp(sha1.New, key, uint64(s), totpDigits)
		if s > last && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

var base32NoPad = base32.StdEncoding.WithPadding(base32.NoPadding)

// Enrolment is a new TOTP secret, shown to its holder once, as text and as
// the otpauth:// URI authenticator apps read from a QR code.
type Enrolment struct {
	Secret string // base32, no padding
	URI    string
}

func enrolment(issuer, login string, key []byte) Enrolment {
	secret := base32NoPad.EncodeToString(key)
	q := url.Values{}
	q.Set("secret", secret)
	q.Set("issuer", issuer)
	q.Set("algorithm", "SHA1")
	q.Set("digits", fmt.Sprint(totpDigits))
	q.Set("period", fmt.Sprint(totpPeriod))
	label := url.PathEscape(issuer + ":" + login)
	return Enrolment{Secret: secret, URI: "otpauth://totp/" + label + "?" + q.Encode()}
}

// CurrentCode is the TOTP code of a base32 secret at now: what an
// authenticator app shows. The demo prints it for its synthetic staff.
func CurrentCode(secret string, now time.Time) (string, error) {
	key, err := base32NoPad.DecodeString(secret)
	if err != nil {
		return "", fmt.Errorf("staff: TOTP secret is not base32")
	}
	return hotp(sha1.New, key, uint64(totpStep(now)), totpDigits), nil
}
