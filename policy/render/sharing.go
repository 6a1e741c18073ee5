package render

import (
	"strings"

	"jikimi/policy"
)

// files is the article on registered personal-information files (Act 32);
// left out when none is registered.
func (b *builder) files() (string, []clause) {
	if len(b.p.Files) == 0 {
		return "", nil
	}
	list := make([]entry, 0, len(b.p.Files))
	for _, f := range b.p.Files {
		list = append(list, entry{Head: f.Name, Sub: []inline{
			labelled("운영근거", cell(f.Basis)),
			labelled("처리목적", cell(f.Purpose)),
			labelled("기록되는 개인정보 항목", cell(strings.Join(f.Items, ", "))),
			labelled("보유기간", cell(f.Retention)),
		}})
	}
	return "개인정보파일 등록 현황", []clause{sayList(b.we+" 「개인정보 보호법」 제32조에 따라 등록·공개하는 개인정보파일의 명칭, 운영근거, 처리목적, 항목 및 보유기간은 다음과 같습니다.", list)}
}

// thirdParties is the article on provision to third parties (Act 17).
func (b *builder) thirdParties() (string, []clause) {
	tp := b.p.ThirdParties
	intro := say(or(tp.Intro, b.we+" 정보주체의 동의, 법률의 특별한 규정 등 「개인정보 보호법」 제17조 및 제18조에 해당하는 경우에만 개인정보를 제3자에게 제공합니다."))
	if len(tp.Provisions) == 0 {
		return "개인정보의 제3자 제공", []clause{intro, say(b.we + " 현재 개인정보를 제3자에게 제공하지 않고 있습니다.")}
	}
	t := &table{Caption: "개인정보의 제3자 제공 현황", Head: []string{"제공받는 자", "제공 목적", "제공 항목", "보유 및 이용기간", "제공 근거", "동의 거부 시 불이익"}}
	for _, pr := range tp.Provisions {
		t.Rows = append(t.Rows, []inline{
			cell(pr.Recipient), cell(pr.Purpose), cell(b.provisionItems(pr)),
			cell(or(pr.Retention, pr.RetentionPeriod.Korean())), cell(provisionBasis(pr)), cell(pr.RefusalCost),
		})
	}
	return "개인정보의 제3자 제공", []clause{intro, sayTable(b.we+" 다음과 같이 개인정보를 제3자에게 제공합니다.", t)}
}

// provisionItems names the items provided, as the provision words them.
func (b *builder) provisionItems(pr *policy.Provision) string {
	out := make([]string, len(pr.Items))
	for i, id := range pr.Items {
		out[i] = or(pr.ItemLabels[id], itemName(b.p, id, pr.SourcePurpose))
	}
	return strings.Join(out, ", ")
}

func provisionBasis(pr *policy.Provision) string {
	return basis(policy.Basis{Consent: pr.ConsentRequired, Statutes: pr.Statutes})
}

// consignment is the article on outsourcing (Act 26).
func (b *builder) consignment() (string, []clause) {
	c := b.p.Consignment
	var cs []clause
	if len(c.Trustees) == 0 {
		cs = append(cs, say(b.we+" 개인정보 처리업무를 위탁하지 않고 있습니다."))
	} else {
		t := &table{Caption: "개인정보 처리업무의 위탁 현황", Head: []string{"위탁받는 자(수탁자)", "업무 내용", "위탁 기간"}}
		for _, tr := range c.Trustees {
			t.Rows = append(t.Rows, []inline{cell(tr.Name), cell(tr.Task), cell(term(tr.From, tr.To))})
		}
		cs = append(cs, sayTable(b.we+" 원활한 개인정보 업무처리를 위하여 다음과 같이 개인정보 처리업무를 위탁하고 있습니다.", t))
	}
	for _, n := range c.Notes {
		cs = append(cs, say(n))
	}
	return "개인정보 처리업무의 위탁", cs
}

// term writes a contract term "2023. 12. 11. ~ 2024. 4. 13.".
func term(from, to policy.Date) string {
	if from.IsZero() && to.IsZero() {
		return ""
	}
	return strings.TrimSpace(from.Korean() + " ~ " + to.Korean())
}

// destruction is the article on the destruction procedure and method, and
// on what is kept apart under other laws.
func (b *builder) destruction() (string, []clause) {
	d := b.p.Destruction
	cs := []clause{say(or(d.Principle, b.we+" 개인정보 보유기간의 경과, 처리목적 달성 등 개인정보가 불필요하게 되었을 때에는 지체없이 해당 개인정보를 파기합니다."))}
	if d.Separate != "" {
		cs = append(cs, say(d.Separate))
	}
	if t := b.keptApart(); len(t.Rows) > 0 {
		cs = append(cs, sayTable("다른 법령에 따라 별도로 보존하는 개인정보는 다음과 같습니다.", t))
	}
	list := []entry{{Head: "파기절차", Text: cell(d.Procedure)}, {Head: "파기방법", Text: cell(d.Method)}}
	if d.OfficerApproves {
		list = append(list, entry{Head: "파기 승인", Text: plain("파기는 개인정보 보호책임자의 승인을 받아 시행합니다.")})
	}
	cs = append(cs, sayList("개인정보 파기의 절차 및 방법은 다음과 같습니다.", list))
	return "개인정보의 파기 절차 및 방법", cs
}

// keptApart tables every rule that keeps data apart (분리보관): which
// items, on what basis, for how long and for what alone.
func (b *builder) keptApart() *table {
	t := &table{Caption: "분리보관하는 개인정보", Head: []string{"처리 목적", "항목", "보존 근거", "보존 기간", "보존 목적"}}
	for _, pu := range b.p.Purposes {
		for _, r := range pu.Retention {
			if r.Separate == nil {
				continue
			}
			t.Rows = append(t.Rows, []inline{
				plain(pu.Title), cell(b.ruleItems(pu, r)), cell(or(statutes(r.Basis), statutes(pu.Basis.Statutes))),
				plain(retentionPhrase(r)), plain(keptFor(b.p, r.Separate)),
			})
		}
	}
	return t
}

// ruleItems names the items a rule covers: those it lists, else all of the purpose's.
func (b *builder) ruleItems(pu *policy.Purpose, r *policy.Retention) string {
	if len(r.Items) > 0 {
		return itemNames(b.p, r.Items, pu.ID)
	}
	return names(pu.Items)
}
