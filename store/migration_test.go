package store

import (
	"strings"
	"testing"
	"testing/fstest"

	"jikimi/errs"
)

func files(names ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for _, n := range names {
		m[n] = &fstest.MapFile{Data: []byte("SELECT 1;")}
	}
	return m
}

func TestLoadMigrations(t *testing.T) {
	ms, err := LoadMigrations(files("0002_b.sql", "0001_a.sql", "0003_c_d.sql"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.Name)
	}
	if strings.Join(got, " ") != "0001_a.sql 0002_b.sql 0003_c_d.sql" || ms[2].Version != 3 || ms[0].SQL != "SELECT 1;" {
		t.Fatalf("LoadMigrations = %+v", ms)
	}
}

func TestLoadMigrationsRefuses(t *testing.T) {
	for name, tt := range map[string]struct {
		src  fstest.MapFS
		want string
	}{
		"Duplicate":    {files("0001_a.sql", "0002_b.sql", "0002_c.sql"), "share number 2"},
		"Gap":          {files("0001_a.sql", "0003_c.sql"), "want number 0002"},
		"NotFromOne":   {files("0002_b.sql"), "want number 0001"},
		"Empty":        {files(), "no migrations"},
		"ShortNumber":  {files("0001_a.sql", "002_b.sql"), `"002_b.sql" is not named`},
		"NoWords":      {files("0001.sql"), "is not named"},
		"NotSQL":       {files("0001_a.sql", "0002_b.txt"), "is not named"},
		"UpperCase":    {files("0001_Init.sql"), "is not named"},
		"Subdirectory": {fstest.MapFS{"0001_a.sql/x": {}}, "is not named"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := LoadMigrations(tt.src)
			if errs.Code(err) != errs.Internal || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadMigrations = %v, want an error saying %q", err, tt.want)
			}
		})
	}
}

func TestDecide(t *testing.T) {
	for name, tt := range map[string]struct {
		have, want int
		upgrade    bool
		reason     string // "" for proceed
	}{
		"Fresh":              {0, 3, false, ""},
		"Current":            {3, 3, false, ""},
		"Outdated":           {1, 3, false, "schema_outdated"},
		"OutdatedAndUpgrade": {1, 3, true, ""},
		"Newer":              {7, 3, false, "schema_newer"},
		"NewerAndUpgrade":    {7, 3, true, "schema_newer"},
		"Unknown":            {unknownSchema, 3, false, "schema_unknown"},
		"UnknownAndUpgrade":  {unknownSchema, 3, true, "schema_unknown"},
	} {
		t.Run(name, func(t *testing.T) {
			err := decide(tt.have, tt.want, tt.upgrade)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("decide = %v, want to proceed", err)
				}
				return
			}
			if e, ok := err.(*errs.Error); !ok || e.Reason != tt.reason || e.Code != errs.Unavailable {
				t.Fatalf("decide = %v, want %s", err, tt.reason)
			}
		})
	}
}
