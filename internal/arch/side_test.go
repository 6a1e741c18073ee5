package arch

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jikimi/vault"
)

var (
	createTable = regexp.MustCompile(`(?is)CREATE TABLE\s+(?:IF NOT EXISTS\s+)?(\w+)\s*\((.*?)\n\s*\)\s*;`)
	addColumn   = regexp.MustCompile(`(?i)ALTER TABLE\s+(\w+)\s+ADD COLUMN\s+(?:IF NOT EXISTS\s+)?(\w+)`)
	renameTable = regexp.MustCompile(`(?i)ALTER TABLE\s+(?:IF EXISTS\s+)?(\w+)\s+RENAME TO\s+(\w+)`)
	dropTable   = regexp.MustCompile(`(?i)DROP TABLE\s+(?:IF EXISTS\s+)?(\w+)`)
	lineComment = regexp.MustCompile(`--[^\n]*`)
)

// subjectTables follows migrations statement by statement and answers
// each table that has a column naming a subject (subject, subject_id, ...)
// in the schema they end with, under its last name, with the file that
// gave it the column: a table renamed by a later migration is known by its
// new name, a dropped one not at all.
func subjectTables(files map[string]string, order []string) map[string]string {
	out := map[string]string{}
	for _, f := range order {
		for _, stmt := range strings.Split(lineComment.ReplaceAllString(files[f], ""), ";") {
			stmt += ";"
			if m := createTable.FindStringSubmatch(stmt); m != nil && hasSubject(m[2]) {
				out[strings.ToLower(m[1])] = f
			}
			if m := addColumn.FindStringSubmatch(stmt); m != nil && strings.Contains(strings.ToLower(m[2]), "subject") {
				out[strings.ToLower(m[1])] = f
			}
			if m := renameTable.FindStringSubmatch(stmt); m != nil {
				if from, ok := out[strings.ToLower(m[1])]; ok {
					delete(out, strings.ToLower(m[1]))
					out[strings.ToLower(m[2])] = from
				}
			}
			if m := dropTable.FindStringSubmatch(stmt); m != nil {
				delete(out, strings.ToLower(m[1]))
			}
		}
	}
	return out
}

// hasSubject reports whether a CREATE TABLE's body has a subject column.
func hasSubject(body string) bool {
	for _, col := range strings.Split(body, ",") {
		if f := strings.Fields(col); len(f) > 0 && strings.Contains(strings.ToLower(f[0]), "subject") {
			return true
		}
	}
	return false
}

// Every table with a subject column holds pseudonymous personal data, so
// its rows follow a retention rule: it is a side table the gate destroys
// with the subject's data (vault.SideTables), or one of the tables with a
// clock of their own (vault.OwnTables). A migration adding any other fails.
func TestEveryTableWithASubjectIsUnderARetentionRule(t *testing.T) {
	known := map[string]bool{}
	for _, st := range vault.SideTables {
		known[st.Table] = true
	}
	for table := range vault.OwnTables {
		known[table] = true
	}
	seen := 0
	for _, dir := range []string{"sqlite", "postgres"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "store", dir, "migrations", "*.sql"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no migrations in %s (%v)", dir, err)
		}
		texts := map[string]string{}
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts[f] = string(raw)
		}
		for table, f := range subjectTables(texts, files) {
			seen++
			if !known[table] {
				t.Errorf("%s: table %s has a subject column but is under no retention rule: list it in vault.SideTables (with the purpose it follows) or vault.OwnTables", f, table)
			}
		}
	}
	if seen < 20 {
		t.Fatalf("found only %d tables with a subject column: is the parse right?", seen)
	}
}

func TestSubjectTablesParse(t *testing.T) {
	files := map[string]string{
		"1.sql": "-- a comment (subject)\nCREATE TABLE a (\n  id TEXT,\n  subject_id TEXT NOT NULL\n);\nCREATE TABLE b (\n  id TEXT PRIMARY KEY\n);\nALTER TABLE c ADD COLUMN owner_subject TEXT;\nCREATE TABLE d (\n  subject TEXT\n);\n",
		"2.sql": "ALTER TABLE a RENAME TO hc_a;\nALTER TABLE b RENAME TO hc_b;\nDROP TABLE IF EXISTS d;\n",
	}
	got := subjectTables(files, []string{"1.sql", "2.sql"})
	want := map[string]string{"hc_a": "1.sql", "c": "1.sql"}
	if !maps.Equal(got, want) {
		t.Fatalf("got %v, want %v: a renamed, b without a subject, c by a new column, d dropped", got, want)
	}
}
