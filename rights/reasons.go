package rights

import "slices"

// Ground is a lawful ground for refusing or limiting a request, or for
// deferring it: the reason code a refusal, a partial answer or an extension
// carries, the law it rests on, and what the citizen reads.
type Ground struct {
	Code  string `json:"code"`
	Law   string `json:"law"`
	Text  string `json:"text"` // Korean, as the answer states it
	kinds []Kind // the requests it may limit
}

// Grounds are the lawful grounds of Act 35(4) (access), 36(1) (deletion),
// 37(2) (suspension and, read with 37(1), withdrawal of a consent the
// service rests on), and the deferral Act 35(3) allows.
var Grounds = []Ground{
	{"law_forbids", "「개인정보 보호법」 제35조제4항제1호", "법률에 따라 열람이 금지되거나 제한되는 경우입니다.", []Kind{Access, Transmission}},
	{"harms_others", "「개인정보 보호법」 제35조제4항제2호, 제37조제2항제2호", "다른 사람의 생명·신체를 해할 우려가 있거나 다른 사람의 재산과 그 밖의 이익을 부당하게 침해할 우려가 있는 경우입니다.", []Kind{Access, Transmission, Suspension}},
	{"tax_work", "「개인정보 보호법」 제35조제4항제3호가목", "조세의 부과·징수 또는 환급에 관한 업무를 수행할 때 중대한 지장을 초래하는 경우입니다.", []Kind{Access}},
	{"school_grading", "「개인정보 보호법」 제35조제4항제3호나목", "학교의 성적 평가 또는 입학자 선발에 관한 업무를 수행할 때 중대한 지장을 초래하는 경우입니다.", []Kind{Access}},
	{"exam_qualification", "「개인정보 보호법」 제35조제4항제3호다목", "학력·기능 및 채용에 관한 시험, 자격 심사에 관한 업무를 수행할 때 중대한 지장을 초래하는 경우입니다.", []Kind{Access}},
	{"benefit_assessment", "「개인정보 보호법」 제35조제4항제3호라목", "보상금·급부금 산정 등에 대하여 진행 중인 평가 또는 판단에 관한 업무를 수행할 때 중대한 지장을 초래하는 경우입니다.", []Kind{Access}},
	{"ongoing_audit", "「개인정보 보호법」 제35조제4항제3호마목", "다른 법률에 따라 진행 중인 감사 및 조사에 관한 업무를 수행할 때 중대한 지장을 초래하는 경우입니다.", []Kind{Access}},
	{"kept_by_law", "「개인정보 보호법」 제36조제1항 단서", "다른 법령에서 그 개인정보가 수집 대상으로 명시되어 있어 삭제할 수 없습니다.", []Kind{Deletion, Correction}},
	{"law_requires", "「개인정보 보호법」 제37조제2항제1호", "법률에 특별한 규정이 있거나 법령상 의무를 준수하기 위하여 불가피한 경우입니다.", []Kind{Suspension, ConsentWithdrawal}},
	{"public_duty", "「개인정보 보호법」 제37조제2항제3호", "공공기관이 개인정보를 처리하지 아니하면 다른 법률에서 정하는 소관 업무를 수행할 수 없는 경우입니다.", []Kind{Suspension, ConsentWithdrawal}},
	{"contract_service", "「개인정보 보호법」 제37조제2항제4호", "처리정지로 약정한 서비스를 제공하지 못하게 되는데도 정보주체가 그 계약의 해지 의사를 명확하게 밝히지 아니한 경우입니다.", []Kind{Suspension, ConsentWithdrawal}},
	{"objection_unfounded", "「개인정보 보호법」 제35조~제37조, 처리방침의 이의제기 절차", "앞선 결과를 다시 검토하였으나 바꿀 사유가 없습니다.", []Kind{Objection}},
	{"nothing_held", "「개인정보 보호법」 제35조제3항", "요구하신 개인정보를 보유하고 있지 않습니다.", []Kind{Access, Correction, Deletion, Suspension, ConsentWithdrawal, Transmission}},
}

// Deferrals are the reasons an extension notice may give (Act 35(3): a
// justified reason, told to the subject with the new date).
var Deferrals = []Ground{
	{"volume", "「개인정보 보호법」 제35조제3항 후단", "요구하신 개인정보의 양이 많아 기한 안에 모두 확인하기 어렵습니다.", Kinds},
	{"third_party_check", "「개인정보 보호법」 제35조제3항 후단", "다른 사람의 정보가 함께 있어 확인에 시간이 필요합니다.", Kinds},
	{"identity_check", "「개인정보 보호법」 시행령 제46조", "요구하신 분이 본인 또는 정당한 대리인인지 확인하는 데 시간이 필요합니다.", Kinds},
}

// ground finds the ground code for kind in gs; false when it does not
// exist or does not apply to kind.
func ground(gs []Ground, code string, kind Kind) (Ground, bool) {
	for _, g := range gs {
		if g.Code == code && slices.Contains(g.kinds, kind) {
			return g, true
		}
	}
	return Ground{}, false
}

// HowToObject is what every refusal and partial answer tells the citizen.
const HowToObject = "이 결과에 이의가 있으시면 결과를 받은 날부터 이 서비스의 권리 행사 메뉴에서 이의제기(objection)를 신청하실 수 있으며, 10일 이내에 답변드립니다. " +
	"또한 「행정심판법」에 따른 행정심판(중앙행정심판위원회 국번없이 110)이나 개인정보분쟁조정위원회(1833-6972)에 조정을 신청하실 수 있습니다."

// GroundsFor lists the grounds that may refuse or limit a request of kind:
// what the officer's refusal and partial-answer forms offer.
func GroundsFor(k Kind) []Ground { return applying(Grounds, k) }

// DeferralsFor lists the reasons an extension of a request of kind may give.
func DeferralsFor(k Kind) []Ground { return applying(Deferrals, k) }

func applying(gs []Ground, k Kind) []Ground {
	var out []Ground
	for _, g := range gs {
		if slices.Contains(g.kinds, k) {
			out = append(out, g)
		}
	}
	return out
}
