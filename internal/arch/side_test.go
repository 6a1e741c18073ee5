package arch

import (
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
	lineComment = regexp.MustCompile(`--[^\n]*`)
)

// subjectTables reads SQL migrations and answers each table that has a
// column naming a subject (subject, subject_id, ...), with the file.
func subjectTables(sql string) []string {
	sql = lineComment.ReplaceAllString(sql, "")
	var out []string
	for _, m := range createTable.FindAllStringSubmatch(sql, -1) {
		for _, col := range strings.Split(m[2], ",") {
			if f := strings.Fields(col); len(f) > 0 && strings.Contains(strings.ToLower(f[0]), "subject") {
				out = append(out, strings.ToLower(m[1]))
				break
			}
		}
	}
	for _, m := range addColumn.FindAllStringSubmatch(sql, -1) {
		if strings.Contains(strings.ToLower(m[2]), "subject") {
			out = append(out, strings.ToLower(m[1]))
		}
	}
	return out
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
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, table := range subjectTables(string(raw)) {
				seen++
				if !known[table] {
					t.Errorf("%s: table %s has a subject column but is under no retention rule: list it in vault.SideTables (with the purpose it follows) or vault.OwnTables", f, table)
				}
			}
		}
	}
	if seen < 20 {
		t.Fatalf("found only %d tables with a subject column: is the parse right?", seen)
	}
}

func TestSubjectTablesParse(t *testing.T) {
	got := subjectTables("-- a comment (subject)\nCREATE TABLE a (\n  id TEXT,\n  subject_id TEXT NOT NULL\n);\nCREATE TABLE b (\n  id TEXT PRIMARY KEY\n);\nALTER TABLE c ADD COLUMN owner_subject TEXT;\n")
	if strings.Join(got, ",") != "a,c" {
		t.Fatalf("got %v, want a and c", got)
	}
}
