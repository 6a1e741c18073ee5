package stats

import (
	"math"
	"slices"
)

// Report is what is published from a dataset: counts and means only, every
// one of at least K people; the hidden ones carry Suppressed and no value.
type Report struct {
	Service      string   `json:"service"`
	Extracted    string   `json:"extracted"`
	K            int      `json:"k"`
	Participants Cell     `json:"participants"`
	ByDistrict   Table    `json:"by_district"`
	ByAgeBand    Table    `json:"by_age_band"`
	BySex        Table    `json:"by_sex"`
	Steps        []Trend  `json:"steps"`
	Effects      []Effect `json:"effects"`
}

// Cell is one published count.
type Cell struct {
	Label      string `json:"label"`
	Count      *int   `json:"count"` // nil when suppressed
	Suppressed bool   `json:"suppressed"`
}

// Table is a one-way table with its total.
type Table struct {
	Title string `json:"title"`
	Cells []Cell `json:"cells"`
	Total Cell   `json:"total"`
}

// Trend is one week of the step trend: the mean of the participants' mean
// daily steps that week, and how many participants it is over.
type Trend struct {
	Week       string   `json:"week"`
	People     *int     `json:"people"`
	MeanSteps  *float64 `json:"mean_steps"`
	Suppressed bool     `json:"suppressed"`
}

// Effect is one before/after measure over the participants who have both.
type Effect struct {
	Measure    string   `json:"measure"`
	Label      string   `json:"label"`
	Unit       string   `json:"unit"`
	People     *int     `json:"people"`
	Before     *float64 `json:"before"`
	After      *float64 `json:"after"`
	Change     *float64 `json:"change"`
	Suppressed bool     `json:"suppressed"`
}

// Build aggregates a dataset into its report.
func Build(ds *Dataset) *Report {
	r := &Report{Service: ds.Service, Extracted: ds.Extracted, K: K}
	by := func(f func(Participant) string) map[string]int {
		m := map[string]int{}
		for _, p := range ds.Participants {
			m[f(p)]++
		}
		return m
	}
	r.ByDistrict = table("거주지(구)별 참여자", slices.Concat(Districts, []string{OutsideSeoul}), by(func(p Participant) string { return p.District }))
	r.ByAgeBand = table("연령대별 참여자", AgeBands, by(func(p Participant) string { return p.AgeBand }))
	r.BySex = table("성별 참여자", Sexes, by(func(p Participant) string { return p.Sex }))
	r.Participants = r.BySex.Total
	r.Participants.Label = "참여자"
	r.Steps = trend(ds)
	r.Effects = effects(ds)
	return r
}

func table(title string, labels []string, counts map[string]int) Table {
	ns := make([]int, len(labels))
	total := 0
	for i, l := range labels {
		ns[i] = counts[l]
		total += ns[i]
	}
	hidden, totalHidden := Suppress(ns, K)
	t := Table{Title: title, Total: cell("합계", total, totalHidden)}
	for i, l := range labels {
		t.Cells = append(t.Cells, cell(l, ns[i], hidden[i]))
	}
	return t
}

func cell(label string, n int, hidden bool) Cell {
	if hidden {
		return Cell{Label: label, Suppressed: true}
	}
	return Cell{Label: label, Count: &n}
}

func trend(ds *Dataset) []Trend {
	type acc struct {
		sum float64
		n   int
	}
	weeks := map[string]*acc{}
	var order []string
	for _, p := range ds.Participants {
		for _, w := range p.WeeklySteps {
			a, ok := weeks[w.Week]
			if !ok {
				a = &acc{}
				weeks[w.Week] = a
				order = append(order, w.Week)
			}
			a.sum += w.Steps
			a.n++
		}
	}
	sortStrings(order)
	out := []Trend{}
	for _, w := range order {
		a := weeks[w]
		t := Trend{Week: w, Suppressed: !shown(a.n)}
		if !t.Suppressed {
			n, mean := a.n, round1(a.sum/float64(a.n))
			t.People, t.MeanSteps = &n, &mean
		}
		out = append(out, t)
	}
	return out
}

func effects(ds *Dataset) []Effect {
	out := []Effect{}
	for _, m := range Measures {
		var before, after float64
		n := 0
		for _, p := range ds.Participants {
			if c, ok := p.Changes[m.ID]; ok {
				before, after, n = before+c.Before, after+c.After, n+1
			}
		}
		e := Effect{Measure: m.ID, Label: m.Label, Unit: m.Unit, Suppressed: !shown(n)}
		if !e.Suppressed {
			b, a := round1(before/float64(n)), round1(after/float64(n))
			c := round1(a - b)
			e.People, e.Before, e.After, e.Change = &n, &b, &a, &c
		}
		out = append(out, e)
	}
	return out
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
