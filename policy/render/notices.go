package render

import (
	"strings"

	"jikimi/policy"
)

// security is the article on the safety measures (Act 29), with how long
// access logs are kept.
func (b *builder) security() (string, []clause) {
	list := texts(b.p.Security)
	if p := b.p.AccessLog.Retention; !p.IsZero() {
		list = append(list, entry{Head: "접속기록 보관기간", Text: plain("개인정보처리시스템에 접속한 기록을 " + p.Korean() + " 이상 보관·관리합니다.")})
	}
	return "개인정보의 안전성 확보 조치", []clause{sayList(b.we+" 개인정보의 안전성 확보를 위해 다음과 같은 조치를 취하고 있습니다.", list)}
}

// cookies is the article on automatic collection devices and how to refuse
// them (Decree 31); left out when the service sets no cookies.
func (b *builder) cookies() (string, []clause) {
	if b.p.Automatic == nil || b.p.Automatic.Cookies == nil {
		return "", nil
	}
	c := b.p.Automatic.Cookies
	intro := or(c.Intro, b.we+" 이용자에게 개별적인 맞춤서비스를 제공하기 위해 이용정보를 저장하고 수시로 불러오는 쿠키(cookie)를 사용합니다.")
	list := []entry{
		{Head: "쿠키의 사용 목적", Text: cell(c.Purpose)},
		{Head: "쿠키의 설치·운영 및 거부", Text: cell(c.HowToRefuse)},
	}
	if c.RefusalCost != "" {
		list = append(list, entry{Head: "쿠키 저장을 거부할 경우", Text: plain(flat(c.RefusalCost))})
	}
	return "개인정보 자동 수집 장치의 설치·운영 및 거부에 관한 사항", []clause{sayList(intro, list)}
}

// roleNames title the contacts when the declaration gives no title of its own.
var roleNames = map[string]string{
	"officer":        "개인정보 보호책임자",
	"officer_staff":  "개인정보 보호담당자",
	"manager":        "개인정보 관리책임자",
	"handler":        "개인정보 취급자",
	"sector_officer": "개인정보 분야별 책임관",
	"access_desk":    "개인정보 열람청구 접수·처리 부서",
}

// officer is the article on the privacy officer and the other contacts
// (Act 31); the access desk has its own article.
func (b *builder) officer() (string, []clause) {
	t := &table{Caption: "개인정보 보호책임자 및 담당부서", Head: []string{"구분", "부서명", "성명", "직급", "연락처"}}
	for _, c := range b.p.Controller.Contacts {
		if c.Role == "access_desk" {
			continue
		}
		contact := strings.TrimSpace(reach(c) + " " + flat(c.Note))
		t.Rows = append(t.Rows, []inline{cell(or(c.RoleTitle, roleNames[c.Role])), cell(c.Department), cell(c.Name), cell(c.Position), cell(contact)})
	}
	return "개인정보 보호책임자", []clause{
		sayTable(b.we+" 개인정보 처리에 관한 업무를 총괄해서 책임지고, 개인정보 처리와 관련한 정보주체의 불만처리 및 피해구제 등을 위하여 아래와 같이 개인정보 보호책임자를 지정하고 있습니다.", t),
		say("정보주체는 " + b.short + "의 서비스를 이용하면서 발생한 모든 개인정보 보호 관련 문의, 불만처리, 피해구제 등에 관한 사항을 개인정보 보호책임자 및 담당부서로 문의할 수 있습니다. " + b.we + " 정보주체의 문의에 대해 지체 없이 답변 및 처리하겠습니다."),
	}
}

// remedies is the article on outside bodies for remedies.
func (b *builder) remedies() (string, []clause) {
	r := b.p.Remedies
	list := make([]entry, 0, len(r.Bodies))
	for _, body := range r.Bodies {
		list = append(list, entry{Head: body.Name, Text: plain(remedyReach(body))})
	}
	cs := []clause{sayList(or(r.Intro, "정보주체는 개인정보침해로 인한 구제를 받기 위하여 아래의 기관에 분쟁 해결이나 상담 등을 신청할 수 있습니다."), list)}
	if r.Appeal != "" {
		cs = append(cs, say(r.Appeal))
	}
	return "권익침해 구제방법", cs
}

func remedyReach(r *policy.Remedy) string {
	s := r.Phone
	if r.URL != "" {
		s = strings.TrimSpace(s + " (" + r.URL + ")")
	}
	return s
}

// pseudonymised is the article on pseudonymised processing (Act 28-2);
// left out when none is declared.
func (b *builder) pseudonymised() (string, []clause) {
	ps := b.p.Pseudonymised
	if ps == nil {
		return "", nil
	}
	list := []entry{{Head: "처리 목적", Text: cell(ps.Purpose)}, {Head: "처리 항목", Text: cell(itemNames(b.p, ps.Items, ""))}}
	cs := []clause{sayList(b.we+" 다음과 같이 가명정보를 처리합니다.", list)}
	if ps.Text != "" {
		cs = append(cs, say(ps.Text))
	}
	return "가명정보의 처리", cs
}

// changes is the last article: when this version applies and where the
// earlier ones are.
func (b *builder) changes() (string, []clause) {
	link := clause{Text: inline{
		{Text: "이전의 개인정보 처리방침은 "},
		{Text: "개인정보 처리방침 변경 이력", Href: HistoryURL(b.p.Service)},
		{Text: "에서 확인할 수 있습니다."},
	}}
	return "개인정보 처리방침의 변경", []clause{say("이 개인정보 처리방침은 " + b.p.Effective.Korean() + "부터 적용됩니다."), link}
}
