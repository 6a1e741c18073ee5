package content

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"time"

	"go.yaml.in/yaml/v3"

	"jikimi/errs"
)

//go:embed articles.yaml
var articlesYAML []byte

// Article is one published article.
type Article struct {
	ID        string   `yaml:"id" json:"id"`
	Published string   `yaml:"published" json:"published"`
	Title     string   `yaml:"title" json:"title"`
	Summary   string   `yaml:"summary" json:"summary"`
	Body      []string `yaml:"body" json:"body,omitempty"`
}

// Library is the set of published articles, in their declared order.
type Library struct{ articles []Article }

var articleID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Load reads the embedded articles.
func Load() (*Library, error) { return Parse(articlesYAML) }

// Parse reads articles from YAML (strictly: unknown keys are errors) and
// checks each: an ID, a date, a title, a summary, a body; no ID twice.
func Parse(b []byte) (*Library, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var as []Article
	if err := dec.Decode(&as); err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "content: articles")
	}
	seen := map[string]bool{}
	for i, a := range as {
		if err := check(a, seen); err != nil {
			return nil, errs.E(errs.Invalid, "content: article %d: %v", i+1, err)
		}
	}
	return &Library{articles: as}, nil
}

func check(a Article, seen map[string]bool) error {
	_, dateErr := time.Parse(time.DateOnly, a.Published)
	switch {
	case !articleID.MatchString(a.ID):
		return fmt.Errorf("id %q is not lowercase letters, digits and -", a.ID)
	case seen[a.ID]:
		return fmt.Errorf("id %q twice", a.ID)
	case dateErr != nil:
		return fmt.Errorf("published is not YYYY-MM-DD")
	case a.Title == "" || a.Summary == "" || len(a.Body) == 0:
		return fmt.Errorf("title, summary and body are required")
	}
	seen[a.ID] = true
	return nil
}

// List returns the articles without their bodies.
func (l *Library) List() []Article {
	out := make([]Article, len(l.articles))
	for i, a := range l.articles {
		a.Body = nil
		out[i] = a
	}
	return out
}

// Get returns one article; an unknown ID is not_found.
func (l *Library) Get(id string) (Article, error) {
	for _, a := range l.articles {
		if a.ID == id {
			return a, nil
		}
	}
	return Article{}, errs.E(errs.NotFound, "content: no such article")
}
