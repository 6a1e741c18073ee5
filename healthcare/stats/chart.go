package stats

import (
	"fmt"
	"strings"
)

// The charts are drawn on the server as SVG, from typed geometry the page
// template lays out: no script, no inline style (the page's CSP allows
// neither), every text escaped by html/template.

// BarChart is a horizontal bar chart of a table's cells.
type BarChart struct {
	Title  string
	Width  int
	Height int
	Bars   []Bar
}

// Bar is one row of a BarChart.
type Bar struct {
	Label      string
	Value      string // the count, or 비공개 for a suppressed cell
	Y          int    // top of the row
	TextY      int    // baseline of the row's text
	Width      float64
	Suppressed bool
}

// Chart geometry, in SVG user units.
const (
	chartWidth = 640
	labelWidth = 110
	plotWidth  = 440
	rowHeight  = 22
)

// Bars draws a table: one bar per cell, scaled to the largest published
// count; a suppressed cell shows a hatched stub and 비공개, never a length.
func Bars(t Table) BarChart {
	top := 1
	for _, c := range t.Cells {
		if c.Count != nil {
			top = max(top, *c.Count)
		}
	}
	ch := BarChart{Title: t.Title, Width: chartWidth, Height: rowHeight*len(t.Cells) + 8}
	for i, c := range t.Cells {
		b := Bar{Label: c.Label, Y: i*rowHeight + 4, TextY: i*rowHeight + 19, Suppressed: c.Suppressed}
		if c.Suppressed {
			b.Value, b.Width = fmt.Sprintf("비공개(%d명 미만 보호)", K), 12
		} else {
			b.Value, b.Width = fmt.Sprintf("%d명", *c.Count), float64(plotWidth**c.Count)/float64(top)
		}
		ch.Bars = append(ch.Bars, b)
	}
	return ch
}

// LineChart is the weekly step trend.
type LineChart struct {
	Width, Height int
	Points        string // SVG polyline points of the published weeks
	Dots          []Dot
	Top           string // the y axis' top label
}

// Dot is one week on the LineChart.
type Dot struct {
	X, Y       float64
	Label      string // the week (MM-DD)
	Value      string
	Suppressed bool
}

// Line draws the step trend; a suppressed week is a gap with a mark on
// the axis, never a point.
func Line(ts []Trend) LineChart {
	const h, base, left = 220, 190, 60
	top := 1.0
	for _, t := range ts {
		if t.MeanSteps != nil {
			top = max(top, *t.MeanSteps)
		}
	}
	top = float64(int(top/1000)+1) * 1000
	ch := LineChart{Width: chartWidth, Height: h, Top: fmt.Sprintf("%.0f보", top)}
	step := float64(chartWidth-left-20) / float64(max(len(ts)-1, 1))
	var pts []string
	for i, t := range ts {
		d := Dot{X: left + step*float64(i), Y: base, Label: t.Week[5:], Suppressed: t.Suppressed, Value: "비공개"}
		if !t.Suppressed {
			d.Y = base - (base-20)**t.MeanSteps/top
			d.Value = fmt.Sprintf("%.0f보 (%d명)", *t.MeanSteps, *t.People)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", d.X, d.Y))
		}
		ch.Dots = append(ch.Dots, d)
	}
	ch.Points = strings.Join(pts, " ")
	return ch
}
