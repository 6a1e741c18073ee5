package render

import (
	"slices"
	"strings"

	"jikimi/policy"
)

// purposes is 제1조: what the data is processed for.
func (b *builder) purposes() (string, []clause) {
	list := make([]entry, 0, len(b.p.Purposes))
	for _, pu := range b.p.Purposes {
		list = append(list, entry{Head: purposeTitle(pu), Text: plain(flat(pu.Description))})
	}
	return "개인정보의 처리 목적", []clause{sayList(b.we+" 다음의 목적을 위하여 개인정보를 처리합니다. 처리하고 있는 개인정보는 다음의 목적 이외의 용도로는 이용되지 않으며, 이용 목적이 변경되는 경우에는 「개인정보 보호법」 제18조에 따라 별도의 동의를 받는 등 필요한 조치를 이행합니다.", list)}
}

// purposeTitle marks an optional purpose 선택, unless its title already does.
func purposeTitle(pu *policy.Purpose) string {
	if pu.Required || strings.Contains(pu.Title, "선택") {
		return pu.Title
	}
	return pu.Title + "(선택)"
}

// retention is 제2조: how long, per purpose and per rule, and on what basis.
func (b *builder) retention() (string, []clause) {
	list := make([]entry, 0, len(b.p.Purposes))
	for _, pu := range b.p.Purposes {
		e := entry{Head: purposeTitle(pu)}
		if s := basis(pu.Basis); s != "" {
			e.Sub = append(e.Sub, plain("보존근거: "+s))
		}
		for _, r := range pu.Retention {
			e.Sub = append(e.Sub, ruleLine(b.p, pu, r))
		}
		list = append(list, e)
	}
	return "개인정보의 처리 및 보유기간", []clause{
		say(b.we + " 법령에 따른 개인정보 보유·이용기간 또는 정보주체로부터 개인정보를 수집 시에 동의받은 개인정보 보유·이용기간 내에서 개인정보를 처리·보유합니다."),
		sayList("각각의 개인정보 처리 및 보유기간은 다음과 같습니다.", list),
	}
}

// items is 제3조: the items per purpose, their class, and what is collected
// automatically.
func (b *builder) items() (string, []clause) {
	list := make([]entry, 0, len(b.p.Purposes))
	for _, pu := range b.p.Purposes {
		list = append(list, entry{Head: purposeTitle(pu), Sub: itemLines(pu)})
	}
	cs := []clause{sayList(b.we+" 다음의 개인정보 항목을 처리하고 있습니다.", list)}
	if t := b.specialItems(); len(t.Rows) > 0 {
		cs = append(cs, clause{
			Text:   strong("다음 항목은 민감정보 또는 고유식별정보로서, 정보주체의 별도 동의 또는 법령의 근거가 있는 경우에만 처리합니다."),
			Blocks: []block{{Table: t}},
		})
	}
	if a := b.p.Automatic; a != nil && len(a.Items) > 0 {
		cs = append(cs, b.automatic(a))
	}
	return "처리하는 개인정보의 항목", cs
}

// itemLines lists a purpose's required and optional items, and apart from
// them the items taken of a child's legal representative.
func itemLines(pu *policy.Purpose) []inline {
	groups := map[string][]inline{}
	for _, it := range pu.Items {
		g := itemGroup(pu, it)
		groups[g] = append(groups[g], itemSpan(it))
	}
	var out []inline
	for _, g := range itemGroups {
		if len(groups[g]) > 0 {
			out = append(out, labelled(g, join(groups[g], ", ")))
		}
	}
	return out
}

// itemGroups are the lines of a purpose's items, in the order shown.
var itemGroups = []string{"필수항목", "선택항목", "14세 미만 아동 가입 시 법정대리인의 정보"}

func itemGroup(pu *policy.Purpose, it *policy.Item) string {
	switch {
	case pu.Minors != nil && slices.Contains(pu.Minors.RepresentativeItems, it.ID):
		return itemGroups[2]
	case it.Required:
		return itemGroups[0]
	}
	return itemGroups[1]
}

// classNames are the classes the law names, marked on every item of them.
var classNames = map[string]string{
	policy.ClassSensitive: "민감정보",
	policy.ClassUniqueID:  "고유식별정보",
}

func itemSpan(it *policy.Item) inline {
	if c, ok := classNames[it.Class]; ok {
		return inline{{Text: it.Name + " "}, {Text: "[" + c + "]", Strong: true}}
	}
	return plain(it.Name)
}

// specialItems tables the sensitive and unique-identifier items by purpose,
// with what allows their processing (Act 23 and 24).
func (b *builder) specialItems() *table {
	t := &table{Caption: "민감정보 및 고유식별정보", Head: []string{"구분", "처리 목적", "항목", "처리 근거"}}
	for _, class := range []string{policy.ClassSensitive, policy.ClassUniqueID} {
		for _, pu := range b.p.Purposes {
			var of []*policy.Item
			for _, it := range pu.Items {
				if it.Class == class {
					of = append(of, it)
				}
			}
			if len(of) > 0 {
				t.Rows = append(t.Rows, []inline{strong(classNames[class]), plain(pu.Title), plain(names(of)), cell(specialBasis(pu))})
			}
		}
	}
	return t
}

func specialBasis(pu *policy.Purpose) string {
	var parts []string
	if pu.SeparateConsent() {
		parts = append(parts, "정보주체의 별도 동의")
	} else if pu.Basis.Consent {
		parts = append(parts, "정보주체의 동의")
	}
	if s := statutes(pu.Basis.Statutes); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// automatic is the clause on items generated and collected automatically.
func (b *builder) automatic(a *policy.Automatic) clause {
	list := []entry{{Head: "수집항목", Text: plain(names(a.Items))}}
	if a.Purpose != "" {
		list = append(list, entry{Head: "수집목적", Text: plain(flat(a.Purpose))})
	}
	if s := basis(a.Basis); s != "" {
		list = append(list, entry{Head: "수집근거", Text: plain(s)})
	}
	if r := b.automaticRetention(a); r != "" {
		list = append(list, entry{Head: "보유기간", Text: plain(r)})
	}
	return sayList(or(a.Intro, "인터넷 서비스 이용과정에서 아래 개인정보 항목이 자동으로 생성되어 수집될 수 있습니다."), list)
}

// automaticRetention: automatic items are kept as long as access logs
// unless the declaration gives them a rule of their own.
func (b *builder) automaticRetention(a *policy.Automatic) string {
	if a.Retention != nil {
		return retentionPhrase(a.Retention)
	}
	if p := b.p.AccessLog.Retention; !p.IsZero() {
		return "접속기록 보관기간과 같이 " + p.Korean()
	}
	return ""
}
