package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"jikimi/audit"
)

// auditInspect writes the monthly inspection report (Standard 8(2)).
func auditInspect(ctx context.Context, e env, args []string) error {
	fs := newFlags("audit inspect", e)
	cfg := addConfig(fs, e, systemScope)
	month := fs.String("month", "", "the month to inspect, YYYY-MM (required)")
	format := fs.String("format", "text", "text or md")
	hours := fs.String("hours", "8-20", "working hours in Asia/Seoul, START-END")
	holidays := fs.String("holidays", "", "comma-separated dates YYYY-MM-DD counted as off-hours")
	bulk := fs.Int64("bulk", 100, "a read of at least this many records is bulk")
	out := fs.String("out", "", "file to write (default: standard output)")
	if err := cfg.parse(fs, args); err != nil {
		return err
	}
	m, opts, err := inspectOptions(*month, *format, *hours, *holidays, *bulk)
	if err != nil {
		return exitError{2, err.Error()}
	}
	l, done, err := auditLog(ctx, cfg)
	if err != nil {
		return err
	}
	defer done()
	in, err := l.Inspect(ctx, m, opts)
	if err != nil {
		return err
	}
	return writeInspection(e, in, *format, *out)
}

func writeInspection(e env, in *audit.Inspection, format, out string) error {
	var b bytes.Buffer
	write := in.WriteText
	if format == "md" {
		write = in.WriteMarkdown
	}
	if err := write(&b); err != nil {
		return err
	}
	return output(e, out, b.Bytes())
}

func inspectOptions(month, format, hours, holidays string, bulk int64) (time.Time, audit.InspectOptions, error) {
	opts := audit.InspectOptions{BulkThreshold: bulk}
	m, err := time.ParseInLocation("2006-01", month, audit.Seoul)
	if err != nil {
		return m, opts, fmt.Errorf("--month %q: want YYYY-MM", month)
	}
	if format != "text" && format != "md" {
		return m, opts, fmt.Errorf("--format %q: want text or md", format)
	}
	if _, err := fmt.Sscanf(hours, "%d-%d", &opts.WorkStart, &opts.WorkEnd); err != nil {
		return m, opts, fmt.Errorf("--hours %q: want START-END, e.g. 8-20", hours)
	}
	for _, d := range strings.Split(holidays, ",") {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		h, err := time.ParseInLocation(time.DateOnly, d, audit.Seoul)
		if err != nil {
			return m, opts, fmt.Errorf("--holidays: %q is not YYYY-MM-DD", d)
		}
		opts.Holidays = append(opts.Holidays, h)
	}
	return m, opts, nil
}
