package cityinfo

import (
	"context"
	"slices"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/store"
	"jikimi/vault"
)

// Criteria select recipients; a zero field does not filter.
type Criteria struct {
	District string `json:"district,omitempty"` // as enrolled, e.g. 서울특별시 마포구
	MinAge   int    `json:"min_age,omitempty"`  // full years (만 나이), inclusive
	MaxAge   int    `json:"max_age,omitempty"`  // inclusive; 0: no upper bound
	Sex      string `json:"sex,omitempty"`      // F or M
}

// ReasonBadCriteria: the selection's criteria are malformed.
const ReasonBadCriteria = "bad_criteria"

// invalid is an invalid-input error with a machine reason.
func invalid(reason, msg string) error {
	e := errs.E(errs.Invalid, "%s", msg)
	e.Reason = reason
	return e
}

func (c Criteria) validate() error {
	bad := func(msg string) error { return invalid(ReasonBadCriteria, msg) }
	switch {
	case c.Sex != "" && c.Sex != "F" && c.Sex != "M":
		return bad("sex: want F or M")
	case c.MinAge < 0 || c.MaxAge < 0 || c.MinAge > 150 || c.MaxAge > 150:
		return bad("age: want 0 to 150")
	case c.MaxAge != 0 && c.MaxAge < c.MinAge:
		return bad("age: max_age below min_age")
	case len(c.District) > 40:
		return bad("district: too long")
	}
	return nil
}

// pageSize is how many members Select reads the ID of at once.
const pageSize = 500

// Select returns the opaque IDs of the members who match, reading each
// member's three items through the gate as the staff actor (each read in
// the access log). A member whose consent is no longer in force is not
// found by the gate and not selected.
func (t *Targeting) Select(ctx context.Context, staff vault.Actor, c Criteria) ([]string, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	today := measure.DateOf(t.Clock.Now())
	out := []string{}
	for after := ""; ; {
		page, err := t.members(ctx, after)
		if err != nil {
			return nil, err
		}
		for _, sub := range page {
			ok, err := t.matches(ctx, staff, sub, c, today)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, sub)
			}
		}
		if len(page) < pageSize {
			return out, nil
		}
		after = page[len(page)-1]
	}
}

func (t *Targeting) matches(ctx context.Context, staff vault.Actor, subject string, c Criteria, today measure.Date) (bool, error) {
	recs, err := t.Vault.List(ctx, t.request(staff, subject, vault.View))
	if errs.Code(err) == errs.NotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(recs, func(r *vault.Record) bool { return c.match(r.Values, today) }), nil
}

func (c Criteria) match(v map[string]string, today measure.Date) bool {
	if c.District != "" && v["residence"] != c.District || c.Sex != "" && v["sex"] != c.Sex {
		return false
	}
	born, err := measure.ParseDate(v["birth_date"])
	if err != nil {
		return false
	}
	age := points.Participant{BirthDate: born}.AgeOn(today)
	return age >= c.MinAge && (c.MaxAge == 0 || age <= c.MaxAge)
}

func (t *Targeting) members(ctx context.Context, after string) ([]string, error) {
	return store.Column[string](ctx, t.SQL.Reader(), "cityinfo: reading members",
		`SELECT subject FROM hc_cityinfo_members WHERE subject > ? ORDER BY subject LIMIT ?`, after, pageSize)
}
