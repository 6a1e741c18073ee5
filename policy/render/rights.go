package render

import (
	"strings"

	"jikimi/policy"
)

// rights is the article on the rights of subjects and of their legal
// representatives, the limits on them and the forms (Act 35-38).
func (b *builder) rights() (string, []clause) {
	r := b.p.Rights
	cs := []clause{say(or(r.Intro, "정보주체는 "+b.short+"에 대해 언제든지 개인정보 열람·정정·삭제·처리정지 요구 등의 권리를 행사할 수 있습니다."))}
	if len(r.Procedures) > 0 {
		cs = append(cs, sayList("권리 행사의 방법과 절차는 다음과 같습니다.", texts(r.Procedures)))
	}
	if len(r.Restrictions) > 0 {
		cs = append(cs, sayList("다음의 경우에는 정보주체의 권리가 제한될 수 있습니다.", restrictions(r.Restrictions)))
	}
	if len(r.Forms) > 0 {
		cs = append(cs, sayList("권리 행사에 쓰는 서식은 다음과 같습니다.", forms(r.Forms)))
	}
	cs = append(cs, b.representatives()...)
	return "정보주체와 법정대리인의 권리·의무 및 그 행사방법", cs
}

// rightNames are the rights a restriction may limit.
var rightNames = map[string]string{
	"access":     "열람 요구",
	"correction": "정정 요구",
	"deletion":   "삭제 요구",
	"suspension": "처리정지 요구",
}

func restrictions(rs []*policy.Restriction) []entry {
	out := make([]entry, 0, len(rs))
	for _, r := range rs {
		e := entry{Head: or(rightNames[r.Right], r.Right), Text: plain(flat(r.Law))}
		for _, g := range r.Grounds {
			for _, l := range lines(g) {
				e.Sub = append(e.Sub, plain(l))
			}
		}
		out = append(out, e)
	}
	return out
}

func forms(fs []*policy.Form) []entry {
	out := make([]entry, 0, len(fs))
	for _, f := range fs {
		out = append(out, entry{Head: f.Name, Text: plain(flat(f.Ref))})
	}
	return out
}

// representatives states what agents and legal representatives may do,
// and, when children under 14 may join, how the representative consents.
func (b *builder) representatives() []clause {
	var cs []clause
	if !b.declaresAgents() {
		cs = append(cs, say("권리 행사는 정보주체의 법정대리인이나 위임을 받은 자 등 대리인을 통하여 하실 수 있습니다."))
	}
	var list []entry
	for _, pu := range b.p.Purposes {
		if m := pu.Minors; m != nil && m.Allowed {
			list = append(list, entry{Head: purposeTitle(pu), Sub: minorLines(m)})
		}
	}
	if len(list) > 0 {
		cs = append(cs, sayList("만 14세 미만 아동의 법정대리인은 "+b.short+"에 그 아동의 개인정보 열람, 정정·삭제, 처리정지를 요구할 수 있습니다. 만 14세 미만 아동이 가입할 수 있는 처리 목적과 법정대리인 동의는 다음과 같습니다.", list))
	}
	return cs
}

func minorLines(m *policy.Minors) []inline {
	var out []inline
	if m.RepresentativeConsent {
		out = append(out, plain("법정대리인의 동의를 받아 처리합니다."))
	}
	if len(m.Verification) > 0 {
		out = append(out, labelled("동의 확인 방법", plain(verifications(m.Verification))))
	}
	return out
}

// verificationNames words the methods of verifying a representative's consent (Decree 17-2).
var verificationNames = map[string]string{
	"sms":    "휴대전화 문자메시지",
	"phone":  "휴대전화 본인인증",
	"card":   "신용카드·직불카드",
	"ipin":   "아이핀(I-PIN)",
	"email":  "전자우편",
	"mail":   "서면(우편·팩스)",
	"call":   "전화 통화",
	"online": "동의 내용을 적은 전자문서",
}

func verifications(ms []string) string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = or(verificationNames[m], m)
	}
	return strings.Join(out, ", ")
}

// accessDesk is the article on where to ask for access (Act 35).
func (b *builder) accessDesk() (string, []clause) {
	var list []entry
	for _, c := range b.contacts("access_desk") {
		list = append(list, entry{Head: "개인정보 열람청구 접수·처리 부서", Sub: deskLines(c)})
	}
	var cs []clause
	if len(list) > 0 {
		cs = append(cs, sayList("정보주체는 「개인정보 보호법」 제35조에 따른 개인정보의 열람 청구를 아래의 부서에 할 수 있습니다. "+b.we+" 정보주체의 개인정보 열람청구가 신속하게 처리되도록 노력하겠습니다.", list))
	}
	for _, t := range b.p.Rights.AccessDesk {
		cs = append(cs, say(strings.TrimSpace(t.Title+"\n"+t.Body)))
	}
	return "개인정보 열람청구", cs
}

func deskLines(c *policy.Contact) []inline {
	var out []inline
	for _, f := range []struct{ label, value string }{
		{"부서명", c.Department}, {"담당자", c.Name}, {"연락처", reach(c)}, {"비고", c.Note},
	} {
		if f.value != "" {
			out = append(out, labelled(f.label, plain(flat(f.value))))
		}
	}
	return out
}

// reach joins the ways to reach a contact ("전화 02-…, 이메일 …").
func reach(c *policy.Contact) string {
	var out []string
	for _, f := range []struct{ label, value string }{
		{"전화", c.Phone}, {"이메일", c.Email}, {"FAX", c.Fax}, {"주소", c.Address},
	} {
		if f.value != "" {
			out = append(out, f.label+" "+f.value)
		}
	}
	return strings.Join(out, ", ")
}

func (b *builder) contacts(role string) []*policy.Contact {
	var out []*policy.Contact
	for _, c := range b.p.Controller.Contacts {
		if c.Role == role {
			out = append(out, c)
		}
	}
	return out
}

// declaresAgents reports whether the declaration words the agents' right itself.
func (b *builder) declaresAgents() bool {
	for _, t := range b.p.Rights.Procedures {
		if strings.Contains(t.Body, "대리인을 통하여") {
			return true
		}
	}
	return false
}
