package survey

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"jikimi/errs"
	"jikimi/input"
)

func invalid(reason, format string, args ...any) error {
	e := errs.E(errs.Invalid, format, args...)
	e.Reason = reason
	return e
}

// Validate checks a participant's answers against the survey and returns
// them normalised (scales as integers, texts trimmed, unanswered optional
// questions left out). Messages name question IDs, never answers.
func (s Survey) Validate(in map[string]json.RawMessage) (map[string]any, error) {
	out := map[string]any{}
	for id := range in {
		if !slices.ContainsFunc(s.Questions, func(q Question) bool { return q.ID == id }) {
			return nil, invalid("unknown_question", "survey %s has no question %q", s.ID, id)
		}
	}
	for _, q := range s.Questions {
		raw, ok := in[q.ID]
		if !ok || string(raw) == "null" {
			if q.Required {
				return nil, invalid("missing_answer", "question %s needs an answer", q.ID)
			}
			continue
		}
		v, err := q.value(raw)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out[q.ID] = v
		}
	}
	return out, nil
}

func (q Question) value(raw json.RawMessage) (any, error) {
	bad := invalid("bad_answer", "question %s: the answer is not a valid %s answer", q.ID, q.Kind)
	switch q.Kind {
	case Scale:
		var n int
		if json.Unmarshal(raw, &n) != nil || n < 1 || n > 5 {
			return nil, bad
		}
		return n, nil
	case Choice:
		var c string
		if json.Unmarshal(raw, &c) != nil || !slices.Contains(q.Options, c) {
			return nil, bad
		}
		return c, nil
	}
	var t string
	if json.Unmarshal(raw, &t) != nil || !input.Free(t) {
		return nil, bad
	}
	if t = strings.TrimSpace(t); utf8.RuneCountInString(t) > MaxText {
		return nil, invalid("answer_too_long", "question %s: longer than %d characters", q.ID, MaxText)
	}
	if t == "" && q.Required {
		return nil, invalid("missing_answer", "question %s needs an answer", q.ID)
	}
	if t == "" {
		return nil, nil
	}
	return t, nil
}
