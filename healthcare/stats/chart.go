package stats

import (
	"fmt"

	"jikimi/web/chart"
)

// The charts are drawn by package chart (SVG on the server): here only
// which numbers each shows, and that a suppressed cell is never given a
// length.

// Bars draws a table: one bar per cell, scaled to the largest published
// count; a suppressed cell shows a hatched stub and 비공개.
func Bars(t Table) chart.BarChart {
	vs := make([]chart.Value, len(t.Cells))
	for i, c := range t.Cells {
		vs[i] = chart.Value{Label: c.Label, Hidden: c.Suppressed, Text: fmt.Sprintf("비공개(%d명 미만 보호)", K)}
		if !c.Suppressed {
			vs[i].N, vs[i].Text = float64(*c.Count), fmt.Sprintf("%d명", *c.Count)
		}
	}
	return chart.Bars(t.Title, vs)
}

// Line draws the step trend; a suppressed week is a gap with a mark on
// the axis, never a point.
func Line(ts []Trend) chart.LineChart {
	vs := make([]chart.Value, len(ts))
	for i, t := range ts {
		vs[i] = chart.Value{Label: t.Week[5:], Hidden: t.Suppressed, Text: "비공개"}
		if !t.Suppressed {
			vs[i].N, vs[i].Text = *t.MeanSteps, fmt.Sprintf("%.0f보 (%d명)", *t.MeanSteps, *t.People)
		}
	}
	return chart.Line("주별 평균 걸음수", vs, 1000, "보")
}
