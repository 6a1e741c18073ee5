package catalogue

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"jikimi/errs"
)

func TestEmbeddedSnapshot(t *testing.T) {
	t.Parallel()
	c := embedded(t)
	if n := len(c.Services()); n != 365 {
		t.Fatalf("%d services, want 365", n)
	}
	s, ok := c.Service("WLF00001183")
	if !ok {
		t.Fatal("WLF00001183 missing")
	}
	if s.Name != "다문화보육료지원" || s.Agency != "교육부" || s.OnlineApplication || s.Cycle != "월" ||
		!slices.Equal(s.Stages, []Stage{StageInfant}) ||
		!slices.Equal(s.Households, []Household{HouseholdMulticultural}) ||
		!slices.Equal(s.Themes, []Theme{ThemeChildcare}) {
		t.Fatalf("WLF00001183 = %+v", s)
	}
	if v := c.Version(); len(v) != 16 || v != VersionOf(snapshot) {
		t.Fatalf("version %q", v)
	}
	if _, ok := c.Service("WLF99999999"); ok {
		t.Fatal("found a service that is not there")
	}
}

// The snapshot writes 임신·출산 with spaces in lifeArray; it must parse.
func TestEmbeddedSnapshotHasPregnancyServices(t *testing.T) {
	t.Parallel()
	c := embedded(t)
	if n := c.stages.by[StagePregnancy].count(); n != 19 {
		t.Fatalf("%d services for 임신·출산, want 19", n)
	}
	if n := c.stages.none.count(); n != 145 {
		t.Fatalf("%d services without stage, want 145", n)
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	good := svc("TEST0001", "노년", "저소득", "생활지원")
	with := func(f func(*rawService)) []byte {
		r := good
		f(&r)
		return encode(t, r)
	}
	tests := []struct {
		name string
		data []byte
		want string // part of the message
	}{
		{"not JSON", []byte("{"), "not a JSON array"},
		{"an object", []byte(`{"servId":"X"}`), "not a JSON array"},
		{"trailing data", append(encode(t, good), []byte(" []")...), "after its JSON array"},
		{"no ID", with(func(r *rawService) { r.ID = "" }), "malformed servId"},
		{"ID with a space", with(func(r *rawService) { r.ID = "WLF 1" }), "malformed servId"},
		{"ID too long", with(func(r *rawService) { r.ID = strings.Repeat("A", 33) }), "malformed servId"},
		{"no name", with(func(r *rawService) { r.Name = " " }), "no name"},
		{"online is yes", with(func(r *rawService) { r.Online = "yes" }), "onapPsbltYn"},
		{"unknown stage", with(func(r *rawService) { r.Life = "노년,노인" }), "lifeArray has an unknown label"},
		{"unknown household", with(func(r *rawService) { r.Targets = "부자" }), "trgterIndvdlArray"},
		{"unknown theme", with(func(r *rawService) { r.Themes = "생활지원,," }), "intrsThemaArray"},
		{"duplicate ID", encode(t, good, good), "duplicate ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.data)
			if errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse = %v, want invalid with %q", err, tt.want)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		n    int
	}{
		{"empty array", `[]`, 0},
		{"unknown fields are ignored", `[{"servId":"T1","name":"n","onapPsbltYn":"Y","inqNum":"3","hashtags":["x"]}]`, 1},
		{"untagged service", `[{"servId":"T1","name":"n","onapPsbltYn":"N","lifeArray":" "}]`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse([]byte(tt.data))
			if err != nil || len(got) != tt.n {
				t.Fatalf("Parse = %d services, %v", len(got), err)
			}
		})
	}
}

func TestErrorsClipLongValues(t *testing.T) {
	t.Parallel()
	r := svc("TEST0001", strings.Repeat("가", 500), "", "")
	_, err := Parse(encode(t, r))
	if err == nil || len(err.Error()) > 300 {
		t.Fatalf("error %d bytes long: %v", len(err.Error()), err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(firstServices(f, 3))
	f.Add([]byte(`[{"servId":"T1","name":"n","onapPsbltYn":"Y","lifeArray":"임신 · 출산,노년","trgterIndvdlArray":"장애인","intrsThemaArray":"법률"}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		services, err := Parse(data)
		if err != nil {
			if errs.Code(err) != errs.Invalid {
				t.Fatalf("error code %q", errs.Code(err))
			}
			return
		}
		seen := map[string]bool{}
		for _, s := range services {
			if !wellFormedID(s.ID) || seen[s.ID] || s.Name == "" {
				t.Fatalf("accepted a bad service %+v", s)
			}
			seen[s.ID] = true
			if s.stages != maskOf(s.Stages) || s.stages&1 != 0 || s.themes&1 != 0 || s.households&1 != 0 {
				t.Fatalf("masks do not match tags: %+v", s)
			}
		}
		if _, err := New("fuzz", services, DefaultConfig()); err != nil {
			t.Fatal(err)
		}
	})
}

// firstServices returns the first n services of the snapshot as JSON: a
// real seed small enough to mutate quickly.
func firstServices(t testing.TB, n int) []byte {
	var all []json.RawMessage
	if err := json.Unmarshal(snapshot, &all); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(all[:n])
	if err != nil {
		t.Fatal(err)
	}
	return data
}
