package content

import (
	"testing"

	"jikimi/errs"
)

func TestEmbeddedArticles(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	list := l.List()
	if len(list) < 3 || list[0].Body != nil {
		t.Fatalf("list = %+v", list)
	}
	a, err := l.Get(list[0].ID)
	if err != nil || len(a.Body) == 0 {
		t.Fatalf("get = %+v, %v", a, err)
	}
	if _, err := l.Get("nope"); errs.Code(err) != errs.NotFound {
		t.Fatalf("unknown: %v", err)
	}
}

func TestParseRefuses(t *testing.T) {
	cases := map[string]string{
		"unknown key": "- {id: a, published: 2024-01-01, title: t, summary: s, body: [b], author: x}",
		"bad id":      "- {id: A_B, published: 2024-01-01, title: t, summary: s, body: [b]}",
		"twice":       "- {id: a, published: 2024-01-01, title: t, summary: s, body: [b]}\n- {id: a, published: 2024-01-01, title: t, summary: s, body: [b]}",
		"bad date":    "- {id: a, published: 2024-13-01, title: t, summary: s, body: [b]}",
		"no body":     "- {id: a, published: 2024-01-01, title: t, summary: s}",
	}
	for name, y := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse([]byte(y)); errs.Code(err) != errs.Invalid {
				t.Fatalf("Parse: %v, want invalid", err)
			}
		})
	}
}
