package sim

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"strings"
)

// Chart geometry, in SVG user units.
const (
	chartW, chartH = 960, 540
	padL, padR     = 70, 330 // the legend sits right of the plot
	padT, padB     = 40, 50
)

// palette is one colour per rule, repeating with a dash pattern after.
var palette = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"}

// WriteSVG draws records alive per rule at the end of each simulated week:
// axes, one polyline per rule and a legend.
func (r *Report) WriteSVG(w io.Writer) error {
	b := bufio.NewWriter(w)
	top := r.maxAlive()
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", chartW, chartH, chartW, chartH)
	fmt.Fprintf(b, `<rect width="100%%" height="100%%" fill="white"/><text x="%d" y="22" font-size="14">Records alive per retention rule, by simulated week, log scale (%d subjects, %d years, seed %d)</text>`+"\n",
		padL, r.Subjects, r.Years, r.Seed)
	r.axes(b, top)
	for i, row := range r.Rows {
		r.line(b, i, row, top)
		legend(b, i, row)
	}
	b.WriteString("</svg>\n")
	return b.Flush()
}

func (r *Report) maxAlive() int {
	top := 1
	for _, row := range r.Rows {
		for _, n := range row.Alive {
			top = max(top, n)
		}
	}
	return top
}

func (r *Report) weeks() int {
	if len(r.Rows) == 0 {
		return 1
	}
	return max(len(r.Rows[0].Alive)-1, 1)
}

// x and y map a week and a count into the plot.
func (r *Report) x(week int) float64 {
	return padL + float64(week)*float64(chartW-padL-padR)/float64(r.weeks())
}

// y is logarithmic: the sync data outnumbers the rarest rules a
// thousandfold, and every rule's line should still be seen.
func y(n, top int) float64 {
	return chartH - padB - math.Log1p(float64(n))/math.Log1p(float64(top))*float64(chartH-padT-padB)
}

// axes draws both axes: powers of ten up the side, five week ticks along.
func (r *Report) axes(b *bufio.Writer, top int) {
	fmt.Fprintf(b, `<path d="M%d %d V%d H%d" fill="none" stroke="black"/>`+"\n", padL, padT, chartH-padB, chartW-padR)
	for n := 1; n <= top; n *= 10 {
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%d</text>`+"\n", padL-6, y(n, top)+4, n)
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="end">0</text>`+"\n", padL-6, chartH-padB+4)
	for i := 0; i <= 4; i++ {
		wk := r.weeks() * i / 4
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">week %d</text>`+"\n", r.x(wk), chartH-padB+18, wk)
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle">simulated weeks from %s</text>`+"\n", (padL+chartW-padR)/2, chartH-12, r.Start.Format("2006-01-02"))
}

func style(i int) (colour, dash string) {
	colour = palette[i%len(palette)]
	if i >= len(palette) {
		dash = ` stroke-dasharray="6 3"`
	}
	return colour, dash
}

func (r *Report) line(b *bufio.Writer, i int, row Row, top int) {
	var pts strings.Builder
	for wk, n := range row.Alive {
		fmt.Fprintf(&pts, "%.1f,%.1f ", r.x(wk), y(n, top))
	}
	colour, dash := style(i)
	fmt.Fprintf(b, `<polyline fill="none" stroke="%s" stroke-width="1.5"%s points="%s"/>`+"\n", colour, dash, strings.TrimSpace(pts.String()))
}

func legend(b *bufio.Writer, i int, row Row) {
	colour, dash := style(i)
	ly := padT + 16*i
	lx := chartW - padR + 16
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`, lx, ly, lx+20, ly, colour, dash)
	fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`+"\n", lx+26, ly+4, html.EscapeString(row.Service+" / "+row.Purpose+" / "+row.Rule+" ("+row.Shape+")"))
}
