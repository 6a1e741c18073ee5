package enrol

import (
	"strings"
	"time"
	"unicode/utf8"

	"jikimi/errs"
	"jikimi/input"
	"jikimi/keys"
	"jikimi/password"
)

// Application is the enrolment form as submitted.
type Application struct {
	Verification    string   `json:"verification_id"` // from StartVerification
	Login           string   `json:"login"`
	Password        string   `json:"password"`
	Name            string   `json:"name"`
	BirthDate       string   `json:"birth_date"` // YYYY-MM-DD
	Sex             string   `json:"sex"`        // F or M
	Mobile          string   `json:"mobile"`
	District        string   `json:"district"`  // "서울특별시 종로구"
	SeoulTie        string   `json:"seoul_tie"` // residence, work or study
	DeliveryAddress string   `json:"delivery_address"`
	DeliveryContact string   `json:"delivery_contact"`
	Consents        []string `json:"consents"` // the scopes agreed to (see Form)
}

// Ties to Seoul that make one eligible: living in a 구, or working or
// studying in Seoul while living elsewhere.
const (
	TieResidence = "residence"
	TieWork      = "work"
	TieStudy     = "study"
)

// bad is an invalid-input error with its reason.
func bad(reason, msg string) *errs.Error {
	e := errs.E(errs.Invalid, "%s", msg)
	e.Reason = reason
	return e
}

// checked is an application whose fields passed, in canonical form.
type checked struct {
	Application
	login, mobile, contact, district string
}

// check validates every field of the form before anything is asked of
// anyone; each fault has its own reason and a message that echoes nothing.
func (s *Service) check(a Application) (*checked, error) {
	c := &checked{Application: a}
	var err error
	if c.login, err = keys.NormalizeLogin(a.Login); err != nil {
		return nil, bad("malformed_login", "계정은 영문자로 시작하는 4~20자의 영문, 숫자, _ 이어야 합니다 (malformed login ID)")
	}
	if err := password.CheckStrength(a.Password); err != nil {
		return nil, bad("weak_password", err.Error())
	}
	if err := checkPerson(a.Name, a.BirthDate, a.Sex, s.now()); err != nil {
		return nil, err
	}
	if c.mobile, err = keys.NormalizeMobile(a.Mobile); err != nil {
		return nil, bad("malformed_mobile", "휴대폰번호 형식이 올바르지 않습니다 (malformed mobile number)")
	}
	if c.district, err = s.checkDistrict(a.District, a.SeoulTie); err != nil {
		return nil, err
	}
	if c.contact, err = checkDelivery(a.DeliveryAddress, a.DeliveryContact); err != nil {
		return nil, err
	}
	if strings.TrimSpace(a.Verification) == "" {
		return nil, bad("unknown_verification", "본인확인을 먼저 해 주세요 (no identity verification given)")
	}
	return c, s.checkConsents(a.Consents)
}

// checkPerson checks what identity verification will be asked about.
func checkPerson(name, birth, sex string, now time.Time) error {
	if n := utf8.RuneCountInString(strings.TrimSpace(name)); n == 0 || n > 50 || !input.Line(name) {
		return bad("malformed_name", "이름은 1~50자여야 합니다 (malformed name)")
	}
	if !possibleBirthDate(birth, now) {
		return bad("impossible_birth_date", "생년월일이 올바른 날짜가 아닙니다 (impossible birth date: YYYY-MM-DD, from 1900 to today)")
	}
	if sex != "F" && sex != "M" {
		return bad("malformed_sex", "성별은 F 또는 M 입니다 (sex is F or M)")
	}
	return nil
}

// possibleBirthDate: a real calendar date, written YYYY-MM-DD, from 1900
// up to today.
func possibleBirthDate(s string, now time.Time) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && t.Format(time.DateOnly) == s && t.Year() >= 1900 && !t.After(now)
}

func (s *Service) checkDistrict(district, tie string) (string, error) {
	name, known, seoul := s.districts.Canonical(district)
	switch {
	case !known:
		return "", bad("unknown_district", "거주지(시/군/구)가 목록에 없습니다 (district not on the list)")
	case tie != TieResidence && tie != TieWork && tie != TieStudy:
		return "", bad("malformed_seoul_tie", "서울과의 관계는 residence, work, study 중 하나입니다 (seoul_tie is residence, work or study)")
	case !seoul && tie == TieResidence:
		return "", bad("not_eligible", "서울 밖에 거주하는 경우 서울 소재 직장·학교가 있어야 합니다 (living outside Seoul, one must work or study in Seoul)")
	case seoul && tie != TieResidence:
		return "", bad("malformed_seoul_tie", "서울 거주자는 residence 입니다 (a Seoul district means seoul_tie residence)")
	}
	return name, nil
}

func checkDelivery(address, contact string) (string, error) {
	if n := utf8.RuneCountInString(strings.TrimSpace(address)); n < 5 || n > 200 || !input.Line(address) {
		return "", bad("malformed_delivery_address", "배송지 주소는 5~200자여야 합니다 (malformed delivery address)")
	}
	c, err := keys.NormalizeMobile(contact)
	if err != nil {
		return "", bad("malformed_delivery_contact", "배송 연락처는 휴대폰번호여야 합니다 (malformed delivery contact)")
	}
	return c, nil
}
