package store

import (
	"io/fs"
	"regexp"
	"sort"
	"strconv"

	"jikimi/errs"
)

// Migration is one numbered SQL file, applied in one transaction.
type Migration struct {
	Version int    // the file's number, 1, 2, 3, ... without gaps
	Name    string // the file name, e.g. "0001_init.sql"
	SQL     string
}

var migrationName = regexp.MustCompile(`^([0-9]{4})_[a-z0-9_]+\.sql$`)

// LoadMigrations reads the migrations at the root of src. Every file must be
// named NNNN_words.sql and the numbers must run 1, 2, 3, ... with no
// duplicate and no gap, so two branches that both add "0004" fail here.
func LoadMigrations(src fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(src, ".")
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "read migrations")
	}
	var ms []Migration
	for _, e := range entries {
		m, err := readMigration(src, e)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, checkSequence(ms)
}

func readMigration(src fs.FS, e fs.DirEntry) (Migration, error) {
	match := migrationName.FindStringSubmatch(e.Name())
	if e.IsDir() || match == nil {
		return Migration{}, errs.E(errs.Internal, "migration %q is not named NNNN_words.sql", e.Name())
	}
	body, err := fs.ReadFile(src, e.Name())
	if err != nil {
		return Migration{}, errs.Wrap(errs.Internal, err, "read migration %s", e.Name())
	}
	n, _ := strconv.Atoi(match[1]) // four digits always parse
	return Migration{Version: n, Name: e.Name(), SQL: string(body)}, nil
}

func checkSequence(ms []Migration) error {
	if len(ms) == 0 {
		return errs.E(errs.Internal, "no migrations")
	}
	for i, m := range ms {
		if m.Version == i+1 {
			continue
		}
		if i > 0 && m.Version == ms[i-1].Version {
			return errs.E(errs.Internal, "migrations %s and %s share number %d", ms[i-1].Name, m.Name, m.Version)
		}
		return errs.E(errs.Internal, "migration %s: want number %04d, numbers must run from 0001 without gaps", m.Name, i+1)
	}
	return nil
}
