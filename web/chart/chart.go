// Package chart draws charts on the server as SVG, for every page that
// would rather be looked at than read: the healthcare statistics and the
// staff console. It owns the geometry and the SVG markup; pages embed a
// chart's HTML and link the stylesheet CSS. No script and no inline style
// (the pages' Content-Security-Policy allows neither), and every label is
// escaped by html/template.
//
// Colours and type sizes are SVG presentation attributes, so a chart needs
// no stylesheet; CSS only keeps it within the page's width.
//
// It must never receive personal data: only counts, means and labels the
// caller may publish. A hidden value (a cell withheld for k-anonymity) is
// drawn as a hatched stub with its text, never with a length.
package chart

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"slices"
	"strings"
)

//go:embed templates
var files embed.FS

// CSS keeps charts within the page's width, for pages that do not already.
var CSS = mustRead("templates/chart.css")

var tmpl = template.Must(template.New("chart").Funcs(template.FuncMap{
	"add":   func(a, b float64) float64 { return a + b },
	"cells": func(series int) int { return series + 2 }, // a table row: the period, each series, the total
}).ParseFS(files, "templates/chart.html"))

func mustRead(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("chart: " + err.Error())
	}
	return b
}

// render executes one named chart template into HTML.
func render(name string, v any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, name, v); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // html/template escaped every value
}

// Geometry, in SVG user units.
const (
	width      = 640
	labelWidth = 110
	plotWidth  = 440
	rowHeight  = 22
)

// Value is one labelled number; Hidden withholds it (Text says why).
type Value struct {
	Label  string
	N      float64
	Text   string // what is written beside the bar: the count with its unit, or why it is hidden
	Hidden bool
}

// BarChart is a horizontal bar chart: one row per value.
type BarChart struct {
	Title         string
	Width, Height int
	Bars          []Bar
}

// Bar is one row of a BarChart.
type Bar struct {
	Label, Text string
	Y, TextY    int
	Width       float64
	Hidden      bool
}

// Bars lays out values as horizontal bars scaled to the largest shown one.
func Bars(title string, vs []Value) BarChart {
	top := 1.0
	for _, v := range vs {
		if !v.Hidden {
			top = max(top, v.N)
		}
	}
	c := BarChart{Title: title, Width: width, Height: rowHeight*len(vs) + 8}
	for i, v := range vs {
		b := Bar{Label: v.Label, Text: v.Text, Y: i*rowHeight + 4, TextY: i*rowHeight + 19, Hidden: v.Hidden, Width: 12}
		if !v.Hidden {
			b.Width = plotWidth * v.N / top
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// HTML is the chart as inline SVG.
func (c BarChart) HTML() (template.HTML, error) { return render("bars", c) }

// Table is the chart's table alternative: each bar's label and text.
func (c BarChart) Table() (template.HTML, error) { return render("barstable", c) }

// LineChart is one series over time; hidden points leave a gap.
type LineChart struct {
	Title         string
	Width, Height int
	Points        string // SVG polyline points of the shown values
	Dots          []Dot
	Top           string // the y axis' top label
}

// Dot is one point of a LineChart.
type Dot struct {
	X, Y        float64
	Label, Text string
	Hidden      bool
}

// Line lays out values left to right; the y axis runs from 0 to the
// largest shown value rounded up to a step, labelled with unit.
func Line(title string, vs []Value, step float64, unit string) LineChart {
	const h, base, left = 220, 190, 60
	top := 1.0
	for _, v := range vs {
		if !v.Hidden {
			top = max(top, v.N)
		}
	}
	top = float64(int(top/step)+1) * step
	c := LineChart{Title: title, Width: width, Height: h, Top: fmt.Sprintf("%.0f%s", top, unit)}
	dx := float64(width-left-20) / float64(max(len(vs)-1, 1))
	var pts []string
	for i, v := range vs {
		d := Dot{X: left + dx*float64(i), Y: base, Label: v.Label, Text: v.Text, Hidden: v.Hidden}
		if !v.Hidden {
			d.Y = base - (base-20)*v.N/top
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", d.X, d.Y))
		}
		c.Dots = append(c.Dots, d)
	}
	c.Points = strings.Join(pts, " ")
	return c
}

// HTML is the chart as inline SVG.
func (c LineChart) HTML() (template.HTML, error) { return render("line", c) }

// Series is one named row of counts of a StackedChart, one per column.
type Series struct {
	Name   string
	Values []float64
}

// StackedChart is vertical columns, one per period, each stacked from
// its series, with a legend.
type StackedChart struct {
	Title         string
	Width, Height int
	Columns       []Column
	Legend        []Key
	Top           string
	Empty         bool     // nothing to draw
	Names         []string // the series, in order: the table's columns
	Period        string   // what a column is, the table's first heading; "" is 기간
}

// Column is one period of a StackedChart.
type Column struct {
	LabelX float64 // the middle of the column
	Label  string  // under the column; may be "" where labels would crowd
	Name   string  // the period in full, for the table (Named); "" is Label
	Total  float64
	Parts  []Part
	Counts []float64 // each series' count, in the order of Names
}

// Part is one series' share of a Column.
type Part struct {
	X, Y, Width, Height float64
	Fill                string
	Text                string // "series: n", the SVG title
}

// Key is one entry of the legend.
type Key struct {
	Name string
	Fill string
	Y    int
}

// palette is the colours series take in turn: distinguishable, each at
// least 3:1 against white.
var palette = []string{"#2a6f97", "#c0580f", "#2e7d32", "#8e44ad", "#b03a2e", "#5d6d7e"}

// Stacked lays out columns labelled xs, each the sum of the series'
// values at that index.
func Stacked(title string, xs []string, series []Series) StackedChart {
	const h, base, left, plot = 260, 220, 50, 420
	c := StackedChart{Title: title, Width: width, Height: max(h, 20*len(series)+20)}
	top := 0.0
	for i := range xs {
		top = max(top, columnTotal(series, i))
	}
	c.Empty = top == 0
	top = max(top, 1)
	c.Top = fmt.Sprintf("%.0f", top)
	w := float64(plot) / float64(max(len(xs), 1))
	for i, x := range xs {
		x0 := left + w*float64(i) + w*0.1
		col := Column{LabelX: x0 + w*0.4, Label: x, Name: x, Total: columnTotal(series, i)}
		y := float64(base)
		for j, s := range series {
			n := at(s.Values, i)
			col.Counts = append(col.Counts, n)
			if n == 0 {
				continue
			}
			ht := (base - 20) * n / top
			y -= ht
			col.Parts = append(col.Parts, Part{X: x0, Y: y, Width: w * 0.8, Height: ht, Fill: palette[j%len(palette)], Text: fmt.Sprintf("%s %s: %.0f", x, s.Name, n)})
		}
		c.Columns = append(c.Columns, col)
	}
	for j, s := range series {
		c.Legend = append(c.Legend, Key{Name: s.Name, Fill: palette[j%len(palette)], Y: 20 + 20*j})
		c.Names = append(c.Names, s.Name)
	}
	return c
}

// Named gives the columns their names in full for the table (where the
// labels under them are shortened or left out), and says what a column is.
func (c StackedChart) Named(period string, names []string) StackedChart {
	c.Period = period
	c.Columns = slices.Clone(c.Columns)
	for i := range c.Columns {
		if i >= len(names) {
			continue
		}
		col := &c.Columns[i]
		col.Parts = slices.Clone(col.Parts)
		for j := range col.Parts { // "label series: n" → "name series: n"
			col.Parts[j].Text = names[i] + strings.TrimPrefix(col.Parts[j].Text, col.Label)
		}
		col.Name = names[i]
	}
	return c
}

func columnTotal(series []Series, i int) float64 {
	t := 0.0
	for _, s := range series {
		t += at(s.Values, i)
	}
	return t
}

func at(vs []float64, i int) float64 {
	if i < len(vs) {
		return vs[i]
	}
	return 0
}

// HTML is the chart as inline SVG.
func (c StackedChart) HTML() (template.HTML, error) { return render("stacked", c) }

// Table is the chart's table alternative: one row per column that counts
// anything, one cell per series, and the total.
func (c StackedChart) Table() (template.HTML, error) { return render("stackedtable", c) }

// Defs is the SVG pattern hidden bars are filled with; a page with bar
// charts includes it once.
func Defs() template.HTML {
	return `<svg width="0" height="0" aria-hidden="true" focusable="false"><defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#b0b0b0"></rect></pattern></defs></svg>`
}
