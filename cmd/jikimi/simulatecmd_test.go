package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"jikimi/store/postgres/pgmigrated"
)

// TestSimulate: a small simulation keeps every promise, prints a row per
// rule and writes its chart; an officer approving only after the grace
// makes it exit 1.
func TestSimulate(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		args   []string
		status int
		want   string
	}{
		"Kept":     {args: []string{"--subjects", "6"}, status: 0, want: "every record was destroyed within its deadline"},
		"Outlived": {args: []string{"--subjects", "6", "--approval-delay", "9"}, status: 1, want: "OUTLIVED their deadline"},
		"Baseline": {args: []string{"--subjects", "6", "--destroy=false"}, status: 1, want: "OUTLIVED their deadline"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			chart := filepath.Join(t.TempDir(), "sim.svg")
			args := append([]string{"simulate", "--years", "1", "--seed", "3", "--chart", chart}, c.args...)
			out, stderr, err := runCmd(t, args...)
			if got := exitStatus(err); got != c.status {
				t.Fatalf("exit %d, want %d (%v)\n%s\n%s", got, c.status, err, out, stderr)
			}
			if !strings.Contains(out, c.want) || !strings.Contains(out, "watch-delivery") {
				t.Errorf("output lacks %q or a rule row:\n%s", c.want, out)
			}
			if n := early(out); n != 0 {
				t.Errorf("%d records destroyed before the simulator's own reading of their rule made them due:\n%s", n, out)
			}
			for _, rule := range []string{"enrolment", "delivery", "service", "welfare-alerts", "newsletter", "draft", "details"} {
				if !pathOf(out, rule, "service") {
					t.Errorf("rule %s was not driven through its service:\n%s", rule, out)
				}
			}
			svg, err := os.ReadFile(chart)
			if err != nil || !strings.Contains(string(svg), "<polyline") {
				t.Errorf("chart: %v", err)
			}
		})
	}
}

func TestSimulateUsage(t *testing.T) {
	t.Parallel()
	for _, bad := range [][]string{{"--subjects", "0"}, {"--days", "-1"}} {
		if _, _, err := runCmd(t, append([]string{"simulate"}, bad...)...); exitStatus(err) != 2 {
			t.Errorf("simulate %v: exit %d, want 2", bad, exitStatus(err))
		}
	}
}

// The simulator runs on PostgreSQL too, through the same code paths, past
// the last year the mock calculation has criteria for (2026: a year from
// July crosses into 2027).
func TestSimulatePostgres(t *testing.T) {
	t.Parallel()
	dsn := pgmigrated.NewDatabase(t)
	if _, _, err := runCmd(t, "simulate", "--db", dsn, "--subjects", "4"); exitStatus(err) != 2 {
		t.Fatalf("--db without --keyring: exit %d, want 2 (the keyring would be lost)", exitStatus(err))
	}
	ring := filepath.Join(t.TempDir(), "keyring.json")
	out, stderr, err := runCmd(t, "simulate", "--db", dsn, "--keyring", ring, "--subjects", "4", "--years", "1", "--start", "2026-07-01", "--seed", "5", "--chart", "")
	if exitStatus(err) != 0 || !strings.Contains(out, "every record was destroyed within its deadline") {
		t.Fatalf("exit %d (%v)\n%s\n%s", exitStatus(err), err, out, stderr)
	}
	if out, stderr, err := runCmd(t, "retention", "report", "--db", dsn, "--keyring", ring,
		"--audit-keys", filepath.Join(filepath.Dir(ring), "audit-keys")); err != nil || !strings.Contains(out, "crypto_shred") {
		t.Fatalf("retention report after the simulation: %v\n%s\n%s", err, out, stderr)
	}
}

// A simulation into a data folder keeps its keyring there: afterwards
// every command opens the folder (here the destruction records and the
// access log's check), and nothing new is written beside it.
func TestSimulateDataStaysInspectable(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	out, stderr, err := runCmd(t, "simulate", "--data", data, "--subjects", "4", "--years", "1", "--seed", "7", "--chart", "")
	if exitStatus(err) != 0 {
		t.Fatalf("exit %d (%v)\n%s\n%s", exitStatus(err), err, out, stderr)
	}
	if strings.Contains(stderr, "sim:") {
		t.Fatalf("progress written to a stderr that is no terminal:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "keyring.json")); err != nil {
		t.Fatalf("the keyring is not kept with the data: %v", err)
	}
	if out, stderr, err := runCmd(t, "retention", "report", "--data", data); err != nil || !strings.Contains(out, "crypto_shred") {
		t.Fatalf("retention report: %v\n%s\n%s", err, out, stderr)
	}
	if out, stderr, err := runCmd(t, "audit", "verify", "--data", data); err != nil {
		t.Fatalf("audit verify: %v\n%s\n%s", err, out, stderr)
	}
}

// pathOf: the report's row of rule ends with path.
func pathOf(out, rule, path string) bool {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 3 && f[2] == rule && f[len(f)-1] == path {
			return true
		}
	}
	return false
}

// early sums the report's EARLY column.
func early(out string) int {
	n := 0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 3 && (f[0] == "bokjiro" || f[0] == "seoul-healthcare") {
			e, _ := strconv.Atoi(f[len(f)-2])
			n += e
		}
	}
	return n
}

// A simulation raises the collector's target to simGCPercent and restores
// it afterwards; GOGC in the environment wins. Not parallel: the target
// is the process's.
func TestTuneGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	restore := tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(simGCPercent); got != simGCPercent {
		t.Errorf("GC percent during a simulation %d, want %d", got, simGCPercent)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent after it %d, want 100 again", got)
	}
	tuneGC(func(k string) string { return map[string]string{"GOGC": "50"}[k] })()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, GC percent %d, want it left alone", got)
	}
}
