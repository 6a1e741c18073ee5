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
