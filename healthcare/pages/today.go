package pages

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"jikimi/errs"
	"jikimi/healthcare/enrol"
	"jikimi/healthcare/ingest"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/omh"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/web/chart"
)

// todayPage is the "오늘" dashboard.
type todayPage struct {
	web.Base
	Today      string
	Steps      int64
	Goal       int64
	GoalNote   string
	Percent    int64
	Balance    int64
	Week       web.Figure
	Month      web.Figure
	PointsDays web.Figure
	Recent     []dayHealth
	Watch      watchView
}

// dayHealth is one day's heart rate and sleep, as the recent table shows.
type dayHealth struct {
	Day, HeartRate, Resting, Sleep string
}

// watchView is the participant's watch: linked or not, and a new token
// shown once.
type watchView struct {
	Linked bool
	Since  string
	Token  string
}

// figure draws one series by day as columns (package web/chart) with its
// summary and table.
func figure(id, title, unit string, labels []string, values []int64, goal int64, goalText string) (web.Figure, error) {
	vs := make([]chart.Value, len(values))
	f := web.Figure{ID: id, Title: title, Head: [2]string{"날짜", unit}}
	var sum, most int64
	for i, v := range values {
		text := web.Thousands(v) + unit
		vs[i] = chart.Value{Label: labels[i], N: float64(v), Text: text}
		f.Rows = append(f.Rows, [2]string{labels[i], text})
		sum, most = sum+v, max(most, v)
	}
	f.Head[1] = map[string]string{"보": "걸음 수", "P": "포인트"}[unit]
	f.Summary = fmt.Sprintf("%s: %d일 동안 모두 %s%s, 가장 많은 날 %s%s.", title, len(values), web.Thousands(sum), unit, web.Thousands(most), unit)
	if goal > 0 {
		met := 0
		for _, v := range values {
			if v >= goal {
				met++
			}
		}
		f.Summary += fmt.Sprintf(" 목표(%s%s)를 채운 날 %d일.", web.Thousands(goal), unit, met)
	}
	svg, err := chart.Columns(title, vs, float64(goal), goalText).HTML()
	f.SVG = svg
	return f, err
}

// dayItems are the items of a day summary the dashboard reads.
var dayItems = []string{measure.Steps.Item(), measure.HeartRate.Item(), measure.SleepDuration.Item(), measure.ActivityDuration.Item()}

func (p *Pages) today(w http.ResponseWriter, r *http.Request) error {
	return show(w, r, "today", p.dashboard)
}

func (p *Pages) dashboard(r *http.Request) (*todayPage, error) {
	self, err := p.participant(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	today := measure.DateOf(p.cfg.Clock.Now())
	days, err := p.days(ctx, self, today, 30)
	if err != nil {
		return nil, err
	}
	page := &todayPage{Base: base("오늘"), Today: today.String(), Goal: p.goal()}
	page.Notice = notice(r)
	page.GoalNote = p.goalNote()
	page.Steps = int64(days[len(days)-1].Steps)
	page.Percent = min(100, page.Steps*100/max(page.Goal, 1))
	if page.Balance, err = p.cfg.Points.Balance(ctx, self.ID); err != nil {
		return nil, err
	}
	labels, steps := make([]string, len(days)), make([]int64, len(days))
	for i, d := range days {
		labels[i], steps[i] = fmt.Sprintf("%d/%d", d.Day.Month, d.Day.Day), int64(d.Steps)
	}
	goal := "목표 " + web.Thousands(page.Goal) + "보"
	if page.Week, err = figure("week", "최근 7일 걸음 수", "보", labels[len(days)-7:], steps[len(days)-7:], page.Goal, goal); err != nil {
		return nil, err
	}
	if page.Month, err = figure("month", "최근 30일 걸음 수", "보", labels, steps, page.Goal, goal); err != nil {
		return nil, err
	}
	earned, err := p.pointsByDay(ctx, self.ID, days)
	if err != nil {
		return nil, err
	}
	if page.PointsDays, err = figure("points", "최근 30일 받은 포인트", "P", labels, earned, 0, ""); err != nil {
		return nil, err
	}
	for i := len(days) - 1; i >= len(days)-7; i-- {
		page.Recent = append(page.Recent, health(days[i]))
	}
	page.Watch, err = p.watch(ctx, self.ID)
	return page, err
}

// days reads the participant's day summaries of the n days up to today
// through the gate, as the participant (each read is in the access log);
// a day with no data is a zero day.
func (p *Pages) days(ctx context.Context, self vault.Actor, today measure.Date, n int) ([]omh.Summary, error) {
	out := make([]omh.Summary, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		day := today.AddDays(i - n + 1)
		wg.Go(func() { out[i], errs[i] = p.day(ctx, self, day) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (p *Pages) day(ctx context.Context, self vault.Actor, day measure.Date) (omh.Summary, error) {
	req := vault.Request{Actor: self, Service: Service, Purpose: enrol.PurposeHealth, Subject: self.ID, Items: dayItems, Action: vault.View}
	rec, err := p.cfg.Vault.Get(ctx, req, vault.KeyedID(self.ID, enrol.PurposeHealth, ingest.DayKey(day)))
	if errs.Code(err) == errs.NotFound {
		return omh.Summary{Day: day}, nil
	}
	if err != nil {
		return omh.Summary{}, err
	}
	return ingest.DecodeDay(day, rec.Values)
}

// goal is the fewest steps a day's points need at any age.
func (p *Pages) goal() int64 {
	var g int64
	for _, d := range p.cfg.Rules.DailyRules {
		if d.MinAge == 0 && (g == 0 || int64(d.MinSteps) < g) {
			g = int64(d.MinSteps)
		}
	}
	return g
}

// goalNote names the other daily rules (by age).
func (p *Pages) goalNote() string {
	for _, d := range p.cfg.Rules.DailyRules {
		if d.MinAge > 0 {
			return fmt.Sprintf("만 %d세 이상은 하루 %s보를 걸으면 포인트를 받습니다.", d.MinAge, web.Thousands(int64(d.MinSteps)))
		}
	}
	return ""
}

// pointsByDay is the points earned for each of days (daily and weekly
// accruals, by the day they are for).
func (p *Pages) pointsByDay(ctx context.Context, subject string, days []omh.Summary) ([]int64, error) {
	entries, _, err := p.cfg.Points.History(ctx, subject, 0, 200)
	if err != nil {
		return nil, err
	}
	byDay := map[string]int64{}
	for _, e := range entries {
		if e.Points > 0 && (e.Kind == "daily" || e.Kind == "weekly") {
			byDay[e.Day] += e.Points
		}
	}
	out := make([]int64, len(days))
	for i, d := range days {
		out[i] = byDay[d.Day.String()]
	}
	return out, nil
}

func health(s omh.Summary) dayHealth {
	h := dayHealth{Day: fmt.Sprintf("%d월 %d일", s.Day.Month, s.Day.Day), HeartRate: "기록 없음", Resting: "기록 없음", Sleep: "기록 없음"}
	if s.HeartRateN > 0 {
		h.HeartRate = fmt.Sprintf("평균 %.0f회/분 (최고 %.0f)", s.HeartRateSum/float64(s.HeartRateN), s.HeartRateMax)
	}
	if s.RestingN > 0 {
		h.Resting = fmt.Sprintf("%.0f회/분", s.RestingSum/float64(s.RestingN))
	}
	if s.SleepMinutes > 0 {
		h.Sleep = fmt.Sprintf("%d시간 %d분", int(s.SleepMinutes)/60, int(s.SleepMinutes)%60)
	}
	return h
}

// watch is the participant's linked watch, if any.
func (p *Pages) watch(ctx context.Context, subject string) (watchView, error) {
	list, err := p.cfg.Devices.List(ctx, subject)
	if err != nil {
		return watchView{}, err
	}
	for _, d := range list {
		if d.Revoked.IsZero() {
			return watchView{Linked: true, Since: d.Linked.In(measure.Seoul).Format("2006-01-02")}, nil
		}
	}
	return watchView{}, nil
}

// linkWatch links a new watch and shows its token, once, on the dashboard.
func (p *Pages) linkWatch(w http.ResponseWriter, r *http.Request) error {
	self, err := p.participant(r)
	if err != nil {
		return err
	}
	_, token, err := p.cfg.Devices.Link(r.Context(), self.ID, web.ClientIP(r))
	if err != nil {
		return err
	}
	page, err := p.dashboard(r)
	if err != nil {
		return err
	}
	page.Watch.Token = token
	page.Notice = "워치를 연결했습니다. 아래 연결 코드를 워치 앱에 입력하세요. 이 코드는 지금 한 번만 보입니다."
	return render(w, r, "today", page)
}
