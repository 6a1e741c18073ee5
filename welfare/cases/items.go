package cases

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"jikimi/input"
	"jikimi/keys"
	"jikimi/policy"
)

// maxValue bounds one item's value, in characters.
const maxValue = 500

// contentItems are the free-text items (what help is needed, what is
// reported): line breaks allowed, and longer than other items.
var contentItems = map[string]bool{HelpContent: true, ReportContent: true}

// maxContent bounds a content item, in characters.
const maxContent = 2000

// Items are a case's item values by item ID, as the policy names them.
type Items map[string]string

// landline is a wired phone number's shape: digits with optional hyphens.
var landline = regexp.MustCompile(`^0[0-9]{1,2}-?[0-9]{3,4}-?[0-9]{4}$`)

// shaped normalises the items whose shape is known and refuses the ones
// whose shape is wrong. An RRN is checked for its shape and birth date
// only, never for the old check digit (numbers issued since October 2020
// have none).
var shaped = map[string]func(string) (string, error){
	"rrn":    keys.NormalizeRRN,
	"mobile": keys.NormalizeMobile,
	"email":  keys.NormalizeEmail,
	"landline": func(v string) (string, error) {
		if !landline.MatchString(v) {
			return "", bad("malformed_landline", "")
		}
		return strings.ReplaceAll(v, "-", ""), nil
	},
}

// clean checks the items against the purpose: declared, not empty, not
// too long, of the right shape. It returns them trimmed and normalised;
// errors name the item, never its value.
func clean(pu *policy.Purpose, in Items) (Items, error) {
	out := Items{}
	for _, id := range slices.Sorted(maps.Keys(in)) {
		if !pu.Declares(id) {
			return nil, bad("undeclared_item", "item %q is not collected for %s", id, pu.ID)
		}
		v := strings.TrimSpace(in[id])
		limit, ok := maxValue, input.Line(v)
		if contentItems[id] {
			limit, ok = maxContent, input.Free(v)
		}
		switch {
		case v == "":
			return nil, bad("empty_item", "item %q is empty", id)
		case utf8.RuneCountInString(v) > limit:
			return nil, bad("item_too_long", "item %q is longer than %d characters", id, limit)
		case !ok:
			return nil, bad("bad_characters", "item %q holds control or bidirectional formatting characters, or invalid UTF-8", id)
		}
		if norm, ok := shaped[id]; ok {
			n, err := norm(v)
			if err != nil {
				return nil, bad("malformed_"+id, "item %q is malformed", id)
			}
			v = n
		}
		out[id] = v
	}
	return out, nil
}

// missing lists the purpose's required items that in lacks.
func missing(pu *policy.Purpose, in Items) []string {
	var out []string
	for _, it := range pu.Items {
		if it.Required && in[it.ID] == "" {
			out = append(out, it.ID)
		}
	}
	return out
}

// requireAll refuses items lacking any required item of the purpose.
func requireAll(pu *policy.Purpose, in Items) error {
	if m := missing(pu, in); len(m) > 0 {
		return bad("missing_required_items", "required items missing: %s", strings.Join(m, ", "))
	}
	return nil
}

// purpose returns the declared purpose of the policy in force.
func (c *Cases) purpose(id string) (*policy.Purpose, error) {
	p, err := c.policy()
	if err != nil {
		return nil, err
	}
	pu := p.Purpose(id)
	if pu == nil {
		return nil, bad("undeclared_purpose", "purpose %s is not declared", id)
	}
	return pu, nil
}

// cleaned is clean against the purpose in force.
func (c *Cases) cleaned(purpose string, in Items) (*policy.Purpose, Items, error) {
	pu, err := c.purpose(purpose)
	if err != nil {
		return nil, nil, err
	}
	out, err := clean(pu, in)
	return pu, out, err
}
