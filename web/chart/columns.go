package chart

import (
	"fmt"
	"html/template"
)

// ColumnChart is one series as vertical columns over time (a day each),
// with an optional goal drawn as a dashed line across.
type ColumnChart struct {
	Title         string
	Width, Height int
	Columns       []Col
	Goal          *Goal
	Top           string // the y axis' top label
}

// Col is one column of a ColumnChart; Tick says whether its label is
// written under the axis (every nth when there are many).
type Col struct {
	X, Y, Width, Height, LabelX float64
	Label, Text                 string
	Tick                        bool
}

// Goal is the dashed line of a ColumnChart.
type Goal struct {
	Y    float64
	Text string
}

// Columns lays out values (Label, N and Text; Hidden is not used) on a
// scale from zero to the largest value or the goal; goal 0 draws no line.
func Columns(title string, vs []Value, goal float64, goalText string) ColumnChart {
	const h, base, left, right, top0 = 240, 200, 56, 8, 20
	top := max(goal, 1)
	for _, v := range vs {
		top = max(top, v.N)
	}
	c := ColumnChart{Title: title, Width: width, Height: h, Top: fmt.Sprintf("%.0f", top)}
	scale := func(n float64) float64 { return (base - top0) * n / top }
	slot := float64(width-left-right) / float64(max(len(vs), 1))
	every := max(1, (len(vs)+7)/8)
	for i, v := range vs {
		x := left + slot*float64(i)
		ht := scale(v.N)
		c.Columns = append(c.Columns, Col{X: x + slot*0.15, Width: slot * 0.7, Y: base - ht, Height: ht, LabelX: x + slot/2,
			Label: v.Label, Text: v.Text, Tick: i%every == 0 || i == len(vs)-1})
	}
	if goal > 0 {
		c.Goal = &Goal{Y: base - scale(goal), Text: goalText}
	}
	return c
}

// HTML is the chart as inline SVG.
func (c ColumnChart) HTML() (template.HTML, error) { return render("columns", c) }
