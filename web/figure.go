package web

import (
	"html/template"
	"strconv"
)

// Figure is a chart with its text alternatives ({{template "figure" .X}}
// where X is a Figure): the chart (SVG from package web/chart), a sentence
// saying what it shows, and its numbers as a table, so that no one needs
// to see the chart.
type Figure struct {
	ID      string // unique on the page
	Title   string // the caption of the figure and of the table
	Summary string // one sentence: what the chart shows
	SVG     template.HTML
	Head    [2]string   // the table's column headings
	Rows    [][2]string // the table's rows: a heading cell and a value
}

// Thousands writes n with thousands separators: 12,345.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
