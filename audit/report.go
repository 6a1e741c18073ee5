package audit

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteText writes the inspection as plain text for a terminal.
func (in *Inspection) WriteText(w io.Writer) error { return in.write(w, plain{}) }

// WriteMarkdown writes the inspection as Markdown, to file with the month's records.
func (in *Inspection) WriteMarkdown(w io.Writer) error { return in.write(w, markdown{}) }

// style is how a report writes its three kinds of line.
type style interface {
	title(b *bufio.Writer, s string)
	heading(b *bufio.Writer, s string)
	table(b *bufio.Writer, header []string, rows [][]string)
}

func (in *Inspection) write(w io.Writer, st style) error {
	b := bufio.NewWriter(w)
	st.title(b, fmt.Sprintf("Access log inspection (접속기록 점검) %s", in.From.Format("2006-01")))
	fmt.Fprintf(b, "Period %s to %s; %d entries. Working hours %02d:00-%02d:00 %s on weekdays; bulk = %d or more records.\n",
		in.From.Format("2006-01-02"), in.To.Format("2006-01-02"), in.Entries, in.Options.WorkStart, in.Options.WorkEnd,
		in.Options.Location, in.Options.BulkThreshold)
	in.volumes(b, st)
	in.denied(b, st)
	in.downloads(b, st)
	in.searches(b, st)
	in.listed(b, st, fmt.Sprintf("Bulk reads: %d", in.BulkTotal), in.Bulk, in.BulkTotal)
	in.listed(b, st, fmt.Sprintf("Off-hours accesses: %d", in.OffHoursTotal), in.OffHours, in.OffHoursTotal)
	if len(in.OffHoursBy) > 0 {
		st.table(b, []string{"handler", "off-hours"}, countRows(in.OffHoursBy))
	}
	return b.Flush()
}

func (in *Inspection) volumes(b *bufio.Writer, st style) {
	st.heading(b, "Volume by handler")
	st.table(b, []string{"handler", "entries"}, countRows(in.ByHandler))
	st.heading(b, "Volume by purpose")
	st.table(b, []string{"service/purpose", "entries"}, countRows(in.ByPurpose))
}

func (in *Inspection) denied(b *bufio.Writer, st style) {
	st.heading(b, fmt.Sprintf("Denied attempts: %d", in.Denied))
	if in.Denied > 0 {
		st.table(b, []string{"reason", "denied"}, countRows(in.DeniedByReason))
		st.table(b, []string{"handler", "denied"}, countRows(in.DeniedByHandler))
	}
}

func (in *Inspection) downloads(b *bufio.Writer, st style) {
	title := fmt.Sprintf("Downloads: %d", len(in.Downloads))
	if in.NoReason > 0 {
		title += fmt.Sprintf(" (FLAGGED: %d without a reason)", in.NoReason)
	}
	st.heading(b, title)
	rows := make([][]string, len(in.Downloads))
	for i, e := range in.Downloads {
		reason := strconv.Quote(e.DownloadReason)
		if e.DownloadReason == "" {
			reason = "FLAGGED: no reason recorded"
		}
		rows[i] = append(entryCells(e, in), reason)
	}
	if len(rows) > 0 {
		st.table(b, append(entryHeader, "reason"), rows)
	}
}

// searches lists the staff searches across subjects with their reasons.
func (in *Inspection) searches(b *bufio.Writer, st style) {
	title := fmt.Sprintf("Searches: %d", in.SearchesTotal)
	if int64(len(in.Searches)) < in.SearchesTotal {
		title += fmt.Sprintf(" (first %d listed)", len(in.Searches))
	}
	st.heading(b, title)
	rows := make([][]string, len(in.Searches))
	for i, e := range in.Searches {
		rows[i] = append(entryCells(e, in), strconv.Quote(e.DownloadReason))
	}
	if len(rows) > 0 {
		st.table(b, append(entryHeader, "reason"), rows)
	}
}

func (in *Inspection) listed(b *bufio.Writer, st style, title string, es []Entry, total int64) {
	if int64(len(es)) < total {
		title += fmt.Sprintf(" (first %d listed)", len(es))
	}
	st.heading(b, title)
	rows := make([][]string, len(es))
	for i, e := range es {
		rows[i] = entryCells(e, in)
	}
	if len(rows) > 0 {
		st.table(b, entryHeader, rows)
	}
}

var entryHeader = []string{"seq", "time", "handler", "subject", "service/purpose", "action", "records"}

func entryCells(e Entry, in *Inspection) []string {
	return []string{strconv.FormatInt(e.Seq, 10), e.Time.In(in.Options.Location).Format("2006-01-02 15:04 Mon"), e.Handler,
		cmp.Or(e.Subject, "-"), e.Service + "/" + e.Purpose, string(e.Action), strconv.FormatInt(e.Records, 10)}
}

func countRows(cs []Count) [][]string {
	rows := make([][]string, len(cs))
	for i, c := range cs {
		rows[i] = []string{cmp.Or(c.Key, "-"), strconv.FormatInt(c.N, 10)}
	}
	return rows
}

type plain struct{}

func (plain) title(b *bufio.Writer, s string) {
	fmt.Fprintf(b, "%s\n%s\n", s, strings.Repeat("=", width(s)))
}

func (plain) heading(b *bufio.Writer, s string) { fmt.Fprintf(b, "\n%s\n", s) }

func (plain) table(b *bufio.Writer, header []string, rows [][]string) {
	widths := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], width(c))
		}
	}
	for _, r := range append([][]string{header}, rows...) {
		b.WriteString(" ")
		for i, c := range r {
			fmt.Fprintf(b, " %s%s", c, strings.Repeat(" ", widths[i]-width(c)))
		}
		b.WriteString("\n")
	}
}

// width is how many terminal columns s takes: Hangul and other East Asian
// wide characters take two.
func width(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 || r >= 0xF900 && r <= 0xFAFF || r >= 0xFF00 && r <= 0xFF60) {
			n++
		}
	}
	return n
}

type markdown struct{}

func (markdown) title(b *bufio.Writer, s string) { fmt.Fprintf(b, "# %s\n\n", s) }

func (markdown) heading(b *bufio.Writer, s string) { fmt.Fprintf(b, "\n## %s\n\n", s) }

func (markdown) table(b *bufio.Writer, header []string, rows [][]string) {
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			fmt.Fprintf(b, " %s |", strings.ReplaceAll(c, "|", `\|`))
		}
		b.WriteString("\n")
	}
	row(header)
	b.WriteString("|" + strings.Repeat("---|", len(header)) + "\n")
	for _, r := range rows {
		row(r)
	}
	b.WriteString("\n")
}
