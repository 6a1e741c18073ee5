// Package eligibility owns the 복지서비스 찾기 · 모의계산 (mock calculation): from a
// household's size and the monthly income, property, debt, car value and
// health-insurance premium a member types in, it computes a simplified
// 소득인정액 and lists the benefits whose criteria it meets, each with the
// reason in words. The criteria are data (data/criteria.yaml): yearly
// tables of 기준중위소득, the conversion rates, and benefits as percentages
// of the median, chosen by the day of the calculation.
//
// It is pure: no storage, no clock (callers pass the day), no files read at
// run time. It must never present its result as a decision (every result
// carries the notice that it is a simplified mock calculation), never keep
// the figures it is given, and never put them in an error: bad input is
// refused field by field with reason codes only.
package eligibility
