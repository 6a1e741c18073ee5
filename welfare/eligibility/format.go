package eligibility

import (
	"fmt"
	"strconv"
	"strings"

	"jikimi/welfare/catalogue"
)

// Won writes a non-negative amount with thousands separators, e.g.
// "820,556원".
func Won(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + "원"
}

// percent writes basis points as a percentage without trailing zeros:
// 3200 is "32", 417 is "4.17", 4250 is "42.5".
func percent(bp int64) string {
	s := fmt.Sprintf("%d.%02d", bp/100, bp%100)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// describe lists the conditions a match met, after the income clause.
func (c Conditions) describe(in *Input) string {
	var b strings.Builder
	if c.MinAge != nil || c.MaxAge != nil {
		fmt.Fprintf(&b, "; 만 %d세 (%s)", *in.Age, ageRange(c.MinAge, c.MaxAge))
	}
	if c.MaxPremium != nil {
		fmt.Fprintf(&b, "; 건강보험료 %s ≤ %s", Won(in.HealthPremium), Won(*c.MaxPremium))
	}
	if h, ok := firstShared(in.Households, c.Households); ok {
		fmt.Fprintf(&b, "; 가구유형 %s(%s)", h.Label(), h.Code())
	}
	return b.String()
}

func ageRange(lo, hi *int) string {
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("만 %d–%d세", *lo, *hi)
	case lo != nil:
		return fmt.Sprintf("만 %d세 이상", *lo)
	}
	return fmt.Sprintf("만 %d세 이하", *hi)
}

func firstShared(have, want []catalogue.Household) (catalogue.Household, bool) {
	for _, h := range have {
		for _, w := range want {
			if h == w {
				return h, true
			}
		}
	}
	return 0, false
}
