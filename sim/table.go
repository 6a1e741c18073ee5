package sim

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteTable writes the report: a line per rule and a summary line.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE\tPURPOSE\tRULE\tSHAPE\tCREATED\tSEPARATED\tDESTROYED\tMAX LATE (d)\tOUTLIVED\tEARLY\tPATH")
	for _, row := range r.Rows {
		path := "service"
		if row.Direct {
			path = "direct"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", row.Service, row.Purpose, row.Rule, row.Shape,
			row.Created, row.Separated, row.Destroyed, row.MaxLateDays, row.Outlived, row.Early, path)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := r.Rights.write(w); err != nil {
		return err
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "scheduled run FAILED: %s\n", f)
	}
	_, err := io.WriteString(w, r.Summary()+"\n")
	return err
}

// Summary is the report in one line.
func (r *Report) Summary() string {
	created, destroyed, late, unexercised := 0, 0, 0, 0
	for _, row := range r.Rows {
		created += row.Created
		destroyed += row.Destroyed
		late = max(late, row.MaxLateDays)
		if row.Created == 0 {
			unexercised++
		}
	}
	verdict := "every record was destroyed within its deadline"
	if n := r.Outlived(); n > 0 {
		verdict = fmt.Sprintf("%d records OUTLIVED their deadline", n)
	}
	if r.FailedRuns > 0 {
		verdict += fmt.Sprintf("; %d scheduled runs FAILED", r.FailedRuns)
	}
	if r.Rights != nil && r.Rights.Missed > 0 {
		verdict += fmt.Sprintf("; %d rights deadlines MISSED", r.Rights.Missed)
	}
	return fmt.Sprintf("%d subjects, %d years from %s, seed %d: %d rules (%d not exercised), %d records created, %d destroyed, max lateness %d days (grace %d); %s",
		r.Subjects, r.Years, r.Start.Format("2006-01-02"), r.Seed, len(r.Rows), unexercised, created, destroyed, late, r.GraceDays, verdict)
}
