package keys

import "testing"

func TestNormalizeLogin(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"lower", "demo_member1", "demo_member1"},
		{"upper folded", " Demo_Member1 ", "demo_member1"},
		{"shortest", "abcd", "abcd"},
		{"longest", "a234567890123456789z", "a234567890123456789z"},
		{"too short", "abc", ""},
		{"too long", "a2345678901234567890z", ""},
		{"digit first", "1abc", ""},
		{"underscore first", "_abc", ""},
		{"hyphen", "ab-cd", ""},
		{"hangul", "가상회원", ""},
		{"inner space", "ab cd", ""},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Normalize(KindLogin, tc.in)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("accepted %q as %q", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
