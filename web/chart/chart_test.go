package chart

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// wellFormed parses the SVG as XML, so a broken tag fails.
func wellFormed(t *testing.T, html string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(html))
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, html)
		}
	}
}

func TestBars(t *testing.T) {
	c := Bars("구별", []Value{{Label: "종로구", N: 10, Text: "10명"}, {Label: "중구", N: 5, Text: "5명"}, {Label: "<b>", Hidden: true, Text: "비공개"}})
	if c.Bars[0].Width != plotWidth || c.Bars[1].Width != plotWidth/2 {
		t.Fatalf("widths %v %v", c.Bars[0].Width, c.Bars[1].Width)
	}
	if h := c.Bars[2]; !h.Hidden || h.Width != 12 {
		t.Fatalf("a hidden value drawn with a length: %+v", h)
	}
	html, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, string(html))
	if strings.Contains(string(html), "<b>") || !strings.Contains(string(html), "&lt;b&gt;") || !strings.Contains(string(html), `fill="url(#hatch)"`) {
		t.Fatalf("labels not escaped or hidden bar not hatched:\n%s", html)
	}
}

func TestLine(t *testing.T) {
	c := Line("걸음", []Value{{Label: "01-05", N: 4000, Text: "4000보"}, {Label: "01-12", Hidden: true}, {Label: "01-19", N: 6000}}, 1000, "보")
	if c.Top != "7000보" || strings.Count(c.Points, ",") != 2 || !c.Dots[1].Hidden {
		t.Fatalf("%+v", c)
	}
	html, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, string(html))
}

func TestStacked(t *testing.T) {
	c := Stacked("주별 요청", []string{"1주", "2주", "3주"}, []Series{{Name: "열람", Values: []float64{2, 0, 1}}, {Name: "삭제", Values: []float64{2}}})
	if c.Top != "4" || c.Empty || len(c.Columns) != 3 || len(c.Legend) != 2 {
		t.Fatalf("%+v", c)
	}
	if first := c.Columns[0]; first.Total != 4 || len(first.Parts) != 2 || first.Parts[1].Y >= first.Parts[0].Y {
		t.Fatalf("first column %+v", first)
	}
	if second := c.Columns[1]; second.Total != 0 || len(second.Parts) != 0 {
		t.Fatalf("an empty column drew %+v", second)
	}
	html, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, string(html))
	if !strings.Contains(string(html), "1주 열람: 2") {
		t.Fatalf("no part titles:\n%s", html)
	}
	if e := Stacked("없음", []string{"1월"}, nil); !e.Empty {
		t.Fatal("no series is not empty")
	}
}

// A stacked chart's table has a row per column that counts anything, named
// in full, a cell per series (zeros too) and the total; the SVG's titles
// carry the full names; the bars' table lists each bar's text.
func TestTables(t *testing.T) {
	c := Stacked("일별", []string{"01", "", "03"}, []Series{{Name: "열람", Values: []float64{2, 0, 1}}, {Name: "<삭제>", Values: []float64{0, 0, 4}}}).
		Named("날", []string{"2026-03-01", "2026-03-02", "2026-03-03"})
	table, err := c.Table()
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, string(table))
	for _, want := range []string{`<th scope="row">2026-03-01</th><td class="num">2</td><td class="num">0</td><td class="num">2</td>`,
		`<th scope="row">2026-03-03</th><td class="num">1</td><td class="num">4</td><td class="num">5</td>`, "&lt;삭제&gt;", `<th scope="col">날</th>`} {
		if !strings.Contains(string(table), want) {
			t.Fatalf("the table lacks %s:\n%s", want, table)
		}
	}
	if strings.Contains(string(table), "2026-03-02") {
		t.Fatalf("a column that counts nothing has a row:\n%s", table)
	}
	svg, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "<title>2026-03-03 &lt;삭제&gt;: 4</title>") {
		t.Fatalf("the SVG's titles are not named in full:\n%s", svg)
	}
	empty, err := Stacked("없음", []string{"01"}, []Series{{Name: "열람", Values: []float64{0}}}).Table()
	if err != nil || !strings.Contains(string(empty), `<td colspan="3">자료 없음</td>`) {
		t.Fatalf("an empty chart's table: %s, %v", empty, err)
	}
	bars, err := Bars("평균", []Value{{Label: "열람", N: 3, Text: "3.0일 (1건)"}, {Label: "삭제", Hidden: true, Text: "결과 없음"}}).Table()
	if err != nil || !strings.Contains(string(bars), `<th scope="row">열람</th><td class="num">3.0일 (1건)</td>`) || !strings.Contains(string(bars), "결과 없음") {
		t.Fatalf("the bars' table: %s, %v", bars, err)
	}
}
