package password

import (
	"strings"
	"testing"

	"jikimi/errs"
)

func TestCheckStrength(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		pw   string
		ok   bool
	}{
		{"8 letters and digits", "abcd1234", true},
		{"8 letters and symbols", "abcd!@#$", true},
		{"8 digits and symbols", "1234!@#$", true},
		{"8 Hangul and digits", "비밀번호지킴이12", true},
		{"10 letters", "abcdefghij", true},
		{"10 digits", "1234567890", true},
		{"10 Hangul", "가나다라마바사아자차", true},
		{"passphrase with spaces", "correct horse", true},
		{"7 of three kinds", "ab12!@c", false},
		{"9 letters", "abcdefghi", false},
		{"9 digits", "123456789", false},
		{"9 Hangul counted in characters", "가나다라마바사아자", false},
		{"empty", "", false},
		{"only spaces", strings.Repeat(" ", 12), false},
		{"control character", "abcd1234\x00", false},
		{"invalid UTF-8", "abcd1234\xff", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckStrength(tt.pw)
			if tt.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if errs.Code(err) != errs.Invalid || err.Error() != weak {
				t.Fatalf("err = %v; want the invalid message", err)
			}
		})
	}
}

func TestWeakMessageIsKoreanAndEnglish(t *testing.T) {
	t.Parallel()
	if !strings.Contains(weak, "비밀번호") || !strings.Contains(weak, "password") {
		t.Fatalf("message %q", weak)
	}
}
