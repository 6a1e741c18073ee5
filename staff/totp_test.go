package staff

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"net/url"
	"testing"
	"time"
)

// RFC 4226 Appendix D: HOTP with the ASCII secret "12345678901234567890".
func TestHOTPRFC4226Vectors(t *testing.T) {
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	key := []byte("12345678901234567890")
	for counter, code := range want {
		if got := hotp(sha1.New, key, uint64(counter), 6); got != code {
			t.Errorf("HOTP(%d) = %s, want %s", counter, got, code)
		}
	}
}

// RFC 6238 Appendix B: TOTP, 8 digits, 30-second steps, one seed per hash.
func TestTOTPRFC6238Vectors(t *testing.T) {
	seeds := map[string]struct {
		h    func() hash.Hash
		seed string
	}{
		"SHA1":   {sha1.New, "12345678901234567890"},
		"SHA256": {sha256.New, "12345678901234567890123456789012"},
		"SHA512": {sha512.New, "1234567890123456789012345678901234567890123456789012345678901234"},
	}
	for _, tt := range []struct {
		unix int64
		mode string
		code string
	}{
		{59, "SHA1", "94287082"}, {59, "SHA256", "46119246"}, {59, "SHA512", "90693936"},
		{1111111109, "SHA1", "07081804"}, {1111111109, "SHA256", "68084774"}, {1111111109, "SHA512", "25091201"},
		{1111111111, "SHA1", "14050471"}, {1111111111, "SHA256", "67062674"}, {1111111111, "SHA512", "99943326"},
		{1234567890, "SHA1", "89005924"}, {1234567890, "SHA256", "91819424"}, {1234567890, "SHA512", "93441116"},
		{2000000000, "SHA1", "69279037"}, {2000000000, "SHA256", "90698825"}, {2000000000, "SHA512", "38618901"},
		{20000000000, "SHA1", "65353130"}, {20000000000, "SHA256", "77737706"}, {20000000000, "SHA512", "47863826"},
	} {
		t.Run(tt.mode+"/"+time.Unix(tt.unix, 0).UTC().Format(time.RFC3339), func(t *testing.T) {
			s := seeds[tt.mode]
			step := totpStep(time.Unix(tt.unix, 0))
			if got := hotp(s.h, []byte(s.seed), uint64(step), 8); got != tt.code {
				t.Fatalf("TOTP = %s, want %s", got, tt.code)
			}
		})
	}
}

func TestMatchTOTP(t *testing.T) {
	key := []byte("12345678901234567890")
	now := time.Unix(1111111111, 0)
	step := totpStep(now)
	code := func(s int64) string { return hotp(sha1.New, key, uint64(s), totpDigits) }
	for name, tt := range map[string]struct {
		code   string
		last   int64
		want   int64
		wantOK bool
	}{
		"Current":          {code(step), 0, step, true},
		"OneStepBehind":    {code(step - 1), 0, step - 1, true},
		"OneStepAhead":     {code(step + 1), 0, step + 1, true},
		"TwoStepsBehind":   {code(step - 2), 0, 0, false},
		"TwoStepsAhead":    {code(step + 2), 0, 0, false},
		"ReplayedStep":     {code(step), step, 0, false},
		"OlderThanLastUse": {code(step - 1), step, 0, false},
		"AfterOlderUse":    {code(step), step - 1, step, true},
		"Wrong":            {"000000", 0, 0, false},
		"TooShort":         {code(step)[:5], 0, 0, false},
		"TooLong":          {code(step) + "0", 0, 0, false},
		"Empty":            {"", 0, 0, false},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := matchTOTP(key, tt.code, now, tt.last)
			if got != tt.want || ok != tt.wantOK {
				t.Fatalf("matchTOTP = %d, %v; want %d, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestEnrolmentURI(t *testing.T) {
	e := enrolment("Jikimi", "kim.j", []byte("12345678901234567890"))
	if e.Secret != "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" {
		t.Fatalf("secret = %s", e.Secret)
	}
	u, err := url.Parse(e.URI)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/Jikimi:kim.j" {
		t.Fatalf("URI = %s", e.URI)
	}
	for k, v := range map[string]string{"secret": e.Secret, "issuer": "Jikimi", "algorithm": "SHA1", "digits": "6", "period": "30"} {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, q.Get(k), v)
		}
	}
}

// CurrentCode gives the code Login accepts, and only for its own secret.
func TestCurrentCode(t *testing.T) {
	key := []byte("12345678901234567890") // RFC 6238 test key
	secret := base32NoPad.EncodeToString(key)
	at := time.Unix(59, 0)
	code, err := CurrentCode(secret, at)
	if err != nil || code != "287082" { // RFC 6238 appendix B, SHA-1, 6 digits of 94287082
		t.Fatalf("code %q err %v", code, err)
	}
	if _, ok := matchTOTP(key, code, at, 0); !ok {
		t.Fatal("the current code does not match")
	}
	if _, err := CurrentCode("not base32!", at); err == nil {
		t.Fatal("malformed secret: no error")
	}
}
