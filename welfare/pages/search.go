package pages

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/welfare/cases"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/civil"
	"jikimi/welfare/eligibility"
)

// searchPage is 복지서비스 찾기 · 모의계산: the questions, the answer (the mock
// calculation and the catalogue's services for the person), the choice to
// keep the search 1 or 3 months with its consent, and the searches kept.
type searchPage struct {
	web.Base
	Fields  []searchField
	Keeps   []cases.KeepOption
	Result  *searchResult
	Kept    []keptView
	Error   string
	Refused []string // the refused fields, by label
}

// searchField is one question: a declared item or a figure of the
// calculation.
type searchField struct {
	Name, Label, Hint, Type, Value string
}

type searchResult struct {
	Year               int
	HouseholdSize      int
	Median, Recognised string // in won, with separators
	Benefits           []benefitView
	Services           []matchView
	MoreServices       int // matched beyond those listed
	Notice             string
	Kept               bool
	KeptUntil          string
	ExtrapolatedMedian bool
}

type benefitView struct{ Name, Reason string }

type keptView struct {
	Searched, KeptUntil, Name, RRN, Address, Income, Property string
}

// shownServices is how many catalogue services the answer lists.
const shownServices = 20

// The questions, in the order asked. Names are the form's; the figures
// are won (a month for income and premium).
var searchQuestions = []searchField{
	{Name: "name", Label: "성명", Type: "text"},
	{Name: "rrn", Label: "주민등록번호", Hint: "예: 900101-1000011 (나이에 맞는 복지서비스를 찾는 데 씁니다)", Type: "text"},
	{Name: "address", Label: "주소", Type: "text"},
	{Name: "email", Label: "이메일", Type: "email"},
	{Name: "household_size", Label: "가구원 수", Hint: "본인을 포함한 사람 수 (보관하지 않습니다)", Type: "number"},
	{Name: "income", Label: "월 소득 (원)", Hint: "가구 전체의 한 달 소득", Type: "number"},
	{Name: "health_premium", Label: "월 건강보험료 부과액 (원)", Type: "number"},
	{Name: "property", Label: "재산 (원)", Type: "number"},
	{Name: "debt", Label: "부채 (원)", Type: "number"},
	{Name: "car_value", Label: "자동차 평가액 (원)", Type: "number"},
}

// fieldOf names a refused field of the domain by the form's label.
var fieldOf = map[string]string{"household_size": "가구원 수", "monthly_income": "월 소득", "property": "재산", "debt": "부채",
	"car_value": "자동차 평가액", "health_insurance_premium": "월 건강보험료 부과액"}

var searchDone = map[string]string{
	"forgotten": "보관하던 검색 기록을 모두 파기했습니다. 보관 동의도 철회되었습니다.",
}

func (p *Pages) searchPage(r *http.Request, me vault.Actor) (*searchPage, error) {
	page := &searchPage{Base: web.Base{Site: Site, Title: "복지서비스 찾기 · 모의계산", SignedIn: true, Notice: searchDone[r.URL.Query().Get("done")]},
		Fields: searchQuestions}
	keeps, err := p.cfg.Cases.KeepOptions()
	if err != nil {
		return nil, err
	}
	page.Keeps = keeps
	kept, err := p.cfg.Cases.KeptSearches(r.Context(), me)
	if err != nil {
		return nil, err
	}
	for _, k := range kept {
		v := keptView{Searched: minute(k.Searched), Name: k.Items["name"], RRN: maskRRN(k.Items["rrn"]), Address: k.Items["address"],
			Income: won(k.Items["income_info"]), Property: won(k.Items["property_info"])}
		if k.KeptUntil != nil {
			v.KeptUntil = day(*k.KeptUntil)
		}
		page.Kept = append(page.Kept, v)
	}
	return page, nil
}

func minute(t time.Time) string { return t.In(seoul).Format("2006-01-02 15:04") }

// maskRRN shows a kept number as its birth date and sex digit only.
func maskRRN(rrn string) string {
	if len(rrn) != 13 {
		return ""
	}
	return rrn[:6] + "-" + rrn[6:7] + "******"
}

// won writes a kept figure in won; a figure that is not a number is shown
// as typed.
func won(s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return s
	}
	return eligibility.Won(n)
}

func (p *Pages) search(w http.ResponseWriter, r *http.Request) error {
	_, page, err := memberPage(p, r, p.searchPage)
	if err != nil {
		return err
	}
	return pages.Render(w, r, http.StatusOK, "search", page)
}

// runSearch answers the questions. Without the choice to keep, nothing is
// stored (the gate records the access and the destruction at once); with
// it, the consent box must be ticked, and the search is kept for the
// period chosen.
func (p *Pages) runSearch(w http.ResponseWriter, r *http.Request) error {
	me, page, err := memberPage(p, r, p.searchPage)
	if err != nil {
		return err
	}
	f := r.PostForm
	page.Fields = typedFields(f)
	in := cases.SearchInput{Name: f.Get("name"), RRN: f.Get("rrn"), Address: f.Get("address"), Email: f.Get("email"), Keep: f.Get("keep")}
	figures := map[string]*int64{"income": &in.Income, "health_premium": &in.HealthPremium, "property": &in.Property, "debt": &in.Debt, "car_value": &in.CarValue}
	var size int64
	figures["household_size"] = &size
	for name, to := range figures {
		v := strings.ReplaceAll(strings.TrimSpace(f.Get(name)), ",", "")
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			page.Refused = append(page.Refused, labelOf(name))
			continue
		}
		*to = n
	}
	if len(page.Refused) > 0 {
		page.Error = "숫자로 입력해 주세요: " + strings.Join(sortedLabels(page.Refused), ", ")
		return pages.Render(w, r, http.StatusBadRequest, "search", page)
	}
	if size > int64(eligibility.MaxHouseholdSize) || size < 1 {
		size = 0 // refused by the calculation with its own reason
	}
	in.HouseholdSize = int(size)
	if in.Keep != "" && f.Get("keep_consent") != "yes" {
		page.Error = "검색 기록을 보관하려면 보관에 동의해 주세요. 보관하지 않으려면 '보관하지 않음'을 고르세요."
		return pages.Render(w, r, http.StatusBadRequest, "search", page)
	}
	res, err := p.cfg.Cases.Search(r.Context(), me, in)
	if err != nil {
		return p.searchRefused(w, r, page, err)
	}
	page.Result = p.resultView(res, in)
	if res.Kept != "" { // the list above shows the new one too
		if again, err := p.searchPage(r, me); err == nil {
			page.Kept = again.Kept
		}
	}
	return pages.Render(w, r, http.StatusOK, "search", page)
}

func labelOf(name string) string {
	for _, q := range searchQuestions {
		if q.Name == name {
			return q.Label
		}
	}
	return name
}

// sortedLabels puts refused labels in the order the form asks them.
func sortedLabels(labels []string) []string {
	var out []string
	for _, q := range searchQuestions {
		for _, l := range labels {
			if l == q.Label {
				out = append(out, l)
			}
		}
	}
	return out
}

// typedFields shows back what was typed, except the resident registration
// number, which is typed again.
func typedFields(f map[string][]string) []searchField {
	out := make([]searchField, len(searchQuestions))
	for i, q := range searchQuestions {
		if q.Name != "rrn" && len(f[q.Name]) > 0 {
			q.Value = f[q.Name][0]
		}
		out[i] = q
	}
	return out
}

// searchRefused shows why the domain refused the search, in Korean.
func (p *Pages) searchRefused(w http.ResponseWriter, r *http.Request, page *searchPage, err error) error {
	if errs.Code(err) != errs.Invalid {
		return err
	}
	if ps := eligibility.ProblemsOf(err); len(ps) > 0 {
		for _, pr := range ps {
			page.Refused = append(page.Refused, fieldOf[pr.Field])
		}
		page.Error = "입력한 값이 범위를 벗어났습니다: " + strings.Join(page.Refused, ", ") + ". 가구원 수는 1~20명, 금액은 0원 이상으로 입력해 주세요."
		return pages.Render(w, r, http.StatusBadRequest, "search", page)
	}
	page.Error = searchRefusals[reasonOf(err)]
	if page.Error == "" {
		page.Error = applyRefusals[reasonOf(err)]
	}
	if page.Error == "" {
		page.Error = "입력한 내용을 확인해 주세요."
	}
	return pages.Render(w, r, http.StatusBadRequest, "search", page)
}

var searchRefusals = map[string]string{
	"empty_item":       "모든 항목을 입력해 주세요.",
	"keep_not_offered": "보관 기간은 1개월 또는 3개월 중에서 고를 수 있습니다.",
}

// resultView is the answer: the mock calculation, and the catalogue's
// services for the person's age and, when the calculation finds the
// household low-income, for low-income households.
func (p *Pages) resultView(res *cases.SearchResult, in cases.SearchInput) *searchResult {
	v := &searchResult{Year: res.Year, HouseholdSize: res.HouseholdSize, Median: eligibility.Won(res.Median),
		Recognised: eligibility.Won(res.Recognised), Notice: res.Notice, Kept: res.Kept != "", ExtrapolatedMedian: res.Extrapolated}
	if res.KeptUntil != nil {
		v.KeptUntil = res.KeptUntil.String()
	}
	for _, m := range res.Matches {
		v.Benefits = append(v.Benefits, benefitView{Name: m.Name, Reason: m.Reason})
	}
	prof, ok := searchProfile(in.RRN, len(res.Matches) > 0)
	if !ok {
		return v
	}
	for _, m := range p.cfg.Catalogue.Match(prof, civil.InSeoul(p.cfg.Clock.Now())) {
		if len(v.Services) == shownServices {
			v.MoreServices++
			continue
		}
		v.Services = append(v.Services, matchView{Name: m.Service.Name, Agency: m.Service.Agency, Reasons: reasonsOf(m)})
	}
	return v
}

// searchProfile is the person as the catalogue matches them: one member,
// born on the day their number carries; low-income when the calculation
// found a benefit.
func searchProfile(rrn string, lowIncome bool) (catalogue.Profile, bool) {
	n, err := keys.NormalizeRRN(rrn)
	if err != nil {
		return catalogue.Profile{}, false
	}
	birth, _, err := keys.RRNPerson(n)
	if err != nil {
		return catalogue.Profile{}, false
	}
	d, err := civil.Parse(birth)
	if err != nil {
		return catalogue.Profile{}, false
	}
	prof := catalogue.Profile{Members: []catalogue.Member{{Relation: catalogue.RelationSelf, Birth: d}}}
	if lowIncome {
		prof.Family = []catalogue.FamilySituation{catalogue.FamilyLowIncome}
	}
	return prof, true
}

// forgetSearches withdraws the consent to keep searches: every kept search
// is destroyed at once.
func (p *Pages) forgetSearches(w http.ResponseWriter, r *http.Request) error {
	me, err := p.member(r)
	if err != nil {
		return err
	}
	if err := p.cfg.Cases.ForgetSearches(r.Context(), me); err != nil {
		return err
	}
	return web.SeeOther(w, r, "/bokjiro/search?done=forgotten")
}
