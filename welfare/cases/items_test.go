package cases

import (
	"errors"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/vault/vaulttest"
)

// clean never panics, and its errors never carry the value they refuse.
func FuzzClean(f *testing.F) {
	reg := vaulttest.Declared(f)
	p, _ := reg.Current(Service, vaulttest.Epoch)
	pu := p.Purpose(purposeHelp)
	for _, seed := range [][2]string{{"rrn", "000101-3000000"}, {"mobile", "010-0000-0001"}, {"landline", "02-0000-0001"},
		{"email", "a@example.invalid"}, {"name", " "}, {"blood", "A"}, {"landline", "가상전화번호"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, id, value string) {
		out, err := clean(pu, Items{id: value})
		if err == nil {
			if len(out) != 1 || strings.TrimSpace(out[id]) == "" {
				t.Fatalf("clean accepted %q as %v", id, out)
			}
			return
		}
		v := strings.TrimSpace(value)
		if len(v) >= 4 && !strings.Contains(id, v) && strings.Contains(err.Error(), v) {
			t.Fatalf("error %q carries the value", err)
		}
	})
}

// A name or free text with NUL or a bidirectional formatting character is
// refused, naming the item and never its value.
func TestCleanRefusesHiddenCharacters(t *testing.T) {
	reg := vaulttest.Declared(t)
	p, _ := reg.Current(Service, vaulttest.Epoch)
	pu := p.Purpose(purposeHelp)
	for _, v := range []string{"가상\x00이름", "가상\u202e름이", "가상\u2066이름\u2069", "가상\x1b이름"} {
		_, err := clean(pu, Items{"name": v})
		var e *errs.Error
		if !errors.As(err, &e) || e.Reason != "bad_characters" || strings.Contains(err.Error(), "가상") {
			t.Fatalf("%q: %v", v, err)
		}
	}
}
