package jobs

import (
	"database/sql"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

var update = flag.Bool("update", false, "rewrite the River migrations of store/sqlite and store/postgres")

// riverMigration is the store migration that holds River's schema.
const riverMigration = "0024_river.sql"

// River's schema is one of the store's numbered migrations on each
// database, the text of River's own migrations for the River version in
// go.mod: upgrading River with new migrations fails here until they are
// added (go test ./jobs -run TestRiverSchemaIsAStoreMigration -update
// rewrites this one; a River release with new migrations after a database
// went live needs a new NNNN_river_N.sql instead).
func TestRiverSchemaIsAStoreMigration(t *testing.T) {
	for dir, d := range map[string]riverdriver.Driver[*sql.Tx]{
		"../store/sqlite/migrations":   riversqlite.New(nil),
		"../store/postgres/migrations": riverdatabasesql.New(nil),
	} {
		want, err := riverSchema(d.GetMigrationFS(riverdriver.MigrationLineMain))
		if err != nil {
			t.Fatal(err)
		}
		file := path.Join(dir, riverMigration)
		if *update {
			if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(file)
		if err != nil || string(got) != want {
			t.Errorf("%s is not River's schema of this River version (%v): run go test ./jobs -run %s -update", file, err, t.Name())
		}
	}
}

// PostgreSQL refuses to use an enum value added in the transaction that
// uses it, and a fresh database is installed in one transaction: River's
// 'pending' state (its migration 004) is declared with the type (002), and
// 004's ADD VALUE IF NOT EXISTS then does nothing. The type ends the same.
const (
	pendingBefore = "  'discarded',\n  'retryable',"
	pendingAfter  = "  'discarded',\n  'pending',\n  'retryable',"
)

var upFile = regexp.MustCompile(`^([0-9]{3})_[a-z0-9_]+\.up\.sql$`)

// riverSchema renders River's up migrations without a schema prefix and
// records them in River's own table, so River's tools agree on the version.
func riverSchema(src fs.FS) (string, error) {
	entries, err := fs.ReadDir(src, "migration/main")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("-- River's schema (github.com/riverqueue/river, migration line main), generated\n")
	b.WriteString("-- from River's own migrations by `go test ./jobs -update`: do not edit.\n")
	var versions []string
	for _, e := range entries {
		m := upFile.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		body, err := fs.ReadFile(src, "migration/main/"+e.Name())
		if err != nil {
			return "", err
		}
		text := strings.TrimSpace(strings.ReplaceAll(string(body), "/* TEMPLATE: schema */", ""))
		fmt.Fprintf(&b, "\n-- %s\n%s\n", e.Name(), strings.Replace(text, pendingBefore, pendingAfter, 1))
		n, _ := strconv.Atoi(m[1])
		versions = append(versions, fmt.Sprintf("('main', %d)", n))
	}
	fmt.Fprintf(&b, "\nINSERT INTO river_migration (line, version) VALUES %s;\n", strings.Join(versions, ", "))
	return b.String(), nil
}
