package points

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// Example is example.yaml: the rules of issue 5, as an example only.
//
//go:embed example.yaml
var Example []byte

// Rules is a validated rule file.
type Rules struct {
	DailyRules  []DailyRule  `yaml:"daily"`
	WeeklyBonus *WeeklyBonus `yaml:"weekly_bonus"`
	YearlyCap   *int         `yaml:"yearly_cap"` // nil: no cap
}

// DailyRule awards Points for a day of at least MinSteps steps to a
// participant at least MinAge years old.
type DailyRule struct {
	Name     string `yaml:"name"`
	MinAge   int    `yaml:"min_age"`
	MinSteps int    `yaml:"min_steps"`
	Points   int    `yaml:"points"`
}

// WeeklyBonus awards Points for a week of at least SuccessfulDays
// successful days, one of them on the weekend if NeedsWeekendDay.
type WeeklyBonus struct {
	SuccessfulDays  int  `yaml:"successful_days"`
	NeedsWeekendDay bool `yaml:"needs_weekend_day"`
	Points          int  `yaml:"points"`
}

// Load reads and validates a rule file. Unknown keys are errors; the error
// lists every problem found.
func Load(data []byte) (*Rules, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var r Rules
	if err := dec.Decode(&r); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("points: empty rule file")
		}
		return nil, fmt.Errorf("points: %w", err)
	}
	var more Rules
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, errors.New("points: one YAML document per rule file")
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

var ruleName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// maxSteps is the plausibility bound of steps in a day (package measure):
// a rule asking for more could never be met.
const maxSteps = 100_000

func (r *Rules) validate() error {
	var problems []error
	bad := func(format string, args ...any) {
		problems = append(problems, fmt.Errorf("points: "+format, args...))
	}
	if len(r.DailyRules) == 0 {
		bad("daily: at least one rule")
	}
	seen := map[string]bool{}
	for i, d := range r.DailyRules {
		d.validate(fmt.Sprintf("daily[%d]", i), seen, bad)
	}
	if w := r.WeeklyBonus; w != nil {
		w.validate(bad)
	}
	if r.YearlyCap != nil && *r.YearlyCap < 1 {
		bad("yearly_cap: must be at least 1 (leave it out for no cap)")
	}
	return errors.Join(problems...)
}

func (d DailyRule) validate(at string, seen map[string]bool, bad func(string, ...any)) {
	switch {
	case !ruleName.MatchString(d.Name):
		bad("%s.name: want lower-case letters, digits and hyphens", at)
	case seen[d.Name]:
		bad("%s.name: %q is used twice", at, d.Name)
	}
	seen[d.Name] = true
	if d.MinAge < 0 || d.MinAge > maxAge {
		bad("%s.min_age: want 0 to %d", at, maxAge)
	}
	if d.MinSteps < 1 || d.MinSteps > maxSteps {
		bad("%s.min_steps: want 1 to %d", at, maxSteps)
	}
	if d.Points < 1 {
		bad("%s.points: must be at least 1", at)
	}
}

func (w *WeeklyBonus) validate(bad func(string, ...any)) {
	if w.SuccessfulDays < 1 || w.SuccessfulDays > 7 {
		bad("weekly_bonus.successful_days: want 1 to 7")
	}
	if w.Points < 1 {
		bad("weekly_bonus.points: must be at least 1")
	}
}
