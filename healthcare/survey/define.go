package survey

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"

	"jikimi/errs"
)

//go:embed surveys.yaml
var surveysYAML []byte

// Question kinds.
const (
	Scale  = "scale"  // an integer 1..5
	Choice = "choice" // one of Options
	Text   = "text"   // free text up to MaxText characters
)

// MaxText bounds a free-text answer, in characters.
const MaxText = 1000

// Survey is one survey definition.
type Survey struct {
	ID        string     `yaml:"id" json:"id"`
	Title     string     `yaml:"title" json:"title"`
	Intro     string     `yaml:"intro" json:"intro"`
	Consent   string     `yaml:"consent" json:"consent"` // the consent text shown with the form
	Questions []Question `yaml:"questions" json:"questions"`
}

// Question is one question of a survey.
type Question struct {
	ID       string   `yaml:"id" json:"id"`
	Kind     string   `yaml:"kind" json:"kind"`
	Text     string   `yaml:"text" json:"text"`
	Options  []string `yaml:"options" json:"options,omitempty"`
	Required bool     `yaml:"required" json:"required"`
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Load reads the embedded surveys.
func Load() ([]Survey, error) { return Parse(surveysYAML) }

// Parse reads survey definitions strictly and checks them.
func Parse(b []byte) ([]Survey, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var ss []Survey
	if err := dec.Decode(&ss); err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "survey: definitions")
	}
	ids := map[string]bool{}
	for _, s := range ss {
		if err := checkSurvey(s, ids); err != nil {
			return nil, errs.E(errs.Invalid, "survey %q: %v", s.ID, err)
		}
	}
	return ss, nil
}

func checkSurvey(s Survey, ids map[string]bool) error {
	if !idPattern.MatchString(s.ID) || ids[s.ID] {
		return fmt.Errorf("the ID is malformed or taken")
	}
	ids[s.ID] = true
	if s.Title == "" || s.Consent == "" || len(s.Questions) == 0 {
		return fmt.Errorf("title, consent and questions are required")
	}
	qs := map[string]bool{}
	for _, q := range s.Questions {
		if err := checkQuestion(q, qs); err != nil {
			return fmt.Errorf("question %q: %v", q.ID, err)
		}
	}
	return nil
}

func checkQuestion(q Question, seen map[string]bool) error {
	switch {
	case !idPattern.MatchString(q.ID) || seen[q.ID]:
		return fmt.Errorf("the ID is malformed or taken")
	case q.Text == "":
		return fmt.Errorf("no text")
	case !slices.Contains([]string{Scale, Choice, Text}, q.Kind):
		return fmt.Errorf("kind is not scale, choice or text")
	case (q.Kind == Choice) != (len(q.Options) > 0):
		return fmt.Errorf("options go with kind choice, and only with it")
	}
	seen[q.ID] = true
	return nil
}
