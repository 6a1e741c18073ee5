package stats

import (
	"slices"
	"strings"

	"jikimi/healthcare/measure"
)

// Districts are Seoul's 25 구, in the order the tables show them.
var Districts = []string{
	"종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구",
	"노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구",
	"관악구", "서초구", "강남구", "송파구", "강동구",
}

// OutsideSeoul is the one district cell for every residence outside Seoul
// (those who work or study in Seoul): a 시/군/구 elsewhere is generalised
// to it, so a rare home town never shows.
const OutsideSeoul = "서울 외"

// District generalises a residence to a Seoul 구 or OutsideSeoul.
func District(residence string) string {
	r := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(residence), "서울특별시"))
	if slices.Contains(Districts, r) {
		return r
	}
	return OutsideSeoul
}

// AgeBands are the 10-year bands, youngest first; the last is open.
var AgeBands = []string{"20대 미만", "20대", "30대", "40대", "50대", "60대", "70대", "80대 이상"}

// AgeBand generalises a birth date (YYYY-MM-DD) to its band on day, or ""
// when the date does not parse or lies after day.
func AgeBand(birth string, day measure.Date) string {
	b, err := measure.ParseDate(birth)
	if err != nil || day.Before(b) {
		return ""
	}
	age := day.Year - b.Year
	if day.Month < b.Month || (day.Month == b.Month && day.Day < b.Day) {
		age--
	}
	i := min(max(age/10-1, 0), len(AgeBands)-1)
	return AgeBands[i]
}

// Sexes are the sex cells; Sex maps the stored code to them.
var Sexes = []string{"여성", "남성"}

// Sex generalises the stored sex code, or "" when it is not one.
func Sex(code string) string {
	switch strings.ToUpper(strings.TrimSpace(code)) {
	case "F", "W", "여", "여성", "FEMALE":
		return Sexes[0]
	case "M", "남", "남성", "MALE":
		return Sexes[1]
	}
	return ""
}

func sortStrings(s []string) { slices.Sort(s) }
