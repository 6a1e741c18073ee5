package catalogue

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"jikimi/errs"

	"jikimi/welfare/civil"
)

// svc is a synthetic service in the open API's JSON shape.
func svc(id, life, targets, themes string) rawService {
	return rawService{ID: id, Name: "시험서비스 " + id, Description: "synthetic", Agency: "시험부",
		Life: life, Targets: targets, Themes: themes, Online: "N", Cycle: "월", Form: "현금지급"}
}

func encode(t testing.TB, raws ...rawService) []byte {
	t.Helper()
	data, err := json.Marshal(raws)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// build parses raws and builds a catalogue with the default readings.
func build(t testing.TB, raws ...rawService) *Catalogue {
	t.Helper()
	data := encode(t, raws...)
	services, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	c, err := New(VersionOf(data), services, DefaultConfig())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func day(_ testing.TB, s string) civil.Date { return civil.MustParse(s) }

func member(t testing.TB, r Relation, birth string) Member {
	t.Helper()
	return Member{Relation: r, Birth: day(t, birth)}
}

func ids(ms []Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Service.ID
	}
	return out
}

func errorAs(err error, target **errs.Error) bool { return errors.As(err, target) }

func civilTime(d civil.Date) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

func embedded(t testing.TB) *Catalogue {
	t.Helper()
	c, err := Embedded(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
