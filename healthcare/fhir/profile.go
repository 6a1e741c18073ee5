package fhir

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"sync"
)

//go:embed definitions/*.json definitions/krcore/*.fsh definitions/krcore/sushi-config.yaml
var definitions embed.FS

const vitalSignsBase = "http://hl7.org/fhir/StructureDefinition/vitalsigns"

// profile is what the service checks of one StructureDefinition.
type profile struct {
	ID         string
	Code       string   // fixed LOINC code of Observation.code
	Units      []string // UCUM codes of valueQuantity; nil: the profile binds none
	VitalSigns bool     // derives from the vital-signs profile
	Components []profileComponent
}

type profileComponent struct {
	Code string // fixed LOINC code of the component
	Unit string // fixed UCUM code of its valueQuantity
}

// structureDefinition is the part of a StructureDefinition read here.
type structureDefinition struct {
	ID             string `json:"id"`
	BaseDefinition string `json:"baseDefinition"`
	Differential   struct {
		Element []element `json:"element"`
	} `json:"differential"`
}

type element struct {
	ID                     string           `json:"id"`
	Min                    *int             `json:"min"`
	FixedCode              string           `json:"fixedCode"`
	FixedCodeableConcept   *codeableConcept `json:"fixedCodeableConcept"`
	PatternCodeableConcept *codeableConcept `json:"patternCodeableConcept"`
	Binding                *struct {
		ValueSet string `json:"valueSet"`
	} `json:"binding"`
}

type codeableConcept struct {
	Coding []struct {
		System string `json:"system"`
		Code   string `json:"code"`
	} `json:"coding"`
}

var (
	codingCode    = regexp.MustCompile(`^Observation\.code\.coding:[^.]+\.code$`)
	componentCode = regexp.MustCompile(`^Observation\.component:([^.]+)\.code\.coding:[^.]+\.code$`)
	componentUnit = regexp.MustCompile(`^Observation\.component:([^.]+)\.valueQuantity\.code$`)
)

// loadProfiles reads every embedded Observation profile.
var loadProfiles = sync.OnceValues(func() (map[string]*profile, error) {
	out := map[string]*profile{}
	files, _ := fs.Glob(definitions, "definitions/StructureDefinition-*.json")
	for _, f := range files {
		p, err := readProfile(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if p.Code != "" {
			out[p.Code] = p
		}
	}
	return out, nil
})

func readProfile(file string) (*profile, error) {
	var sd structureDefinition
	if err := readJSON(file, &sd); err != nil {
		return nil, err
	}
	p := &profile{ID: sd.ID, VitalSigns: sd.BaseDefinition == vitalSignsBase}
	comps := map[string]*profileComponent{}
	var order []string
	for _, e := range sd.Differential.Element {
		if err := p.apply(e, comps, &order); err != nil {
			return nil, fmt.Errorf("%s: %w", e.ID, err)
		}
	}
	for _, name := range order {
		p.Components = append(p.Components, *comps[name])
	}
	return p, nil
}

// apply reads one differential element.
func (p *profile) apply(e element, comps map[string]*profileComponent, order *[]string) error {
	switch {
	case codingCode.MatchString(e.ID):
		p.Code = e.FixedCode
	case e.ID == "Observation.code":
		p.Code = conceptCode(e, p.Code)
	case e.ID == "Observation.valueQuantity.code":
		return p.units(e)
	case componentCode.MatchString(e.ID):
		component(comps, order, componentCode.FindStringSubmatch(e.ID)[1]).Code = e.FixedCode
	case componentUnit.MatchString(e.ID):
		component(comps, order, componentUnit.FindStringSubmatch(e.ID)[1]).Unit = e.FixedCode
	}
	return nil
}

// conceptCode is the LOINC code of a fixed or pattern CodeableConcept.
func conceptCode(e element, current string) string {
	for _, cc := range []*codeableConcept{e.FixedCodeableConcept, e.PatternCodeableConcept} {
		if cc != nil && len(cc.Coding) > 0 && cc.Coding[0].System == loincSystem {
			return cc.Coding[0].Code
		}
	}
	return current
}

func (p *profile) units(e element) error {
	if e.FixedCode != "" {
		p.Units = []string{e.FixedCode}
		return nil
	}
	if e.Binding == nil {
		return nil
	}
	codes, err := valueSet(e.Binding.ValueSet)
	p.Units = codes
	return err
}

func component(comps map[string]*profileComponent, order *[]string, name string) *profileComponent {
	if c, ok := comps[name]; ok {
		return c
	}
	comps[name] = &profileComponent{}
	*order = append(*order, name)
	return comps[name]
}

// valueSet lists the codes of an embedded value set, by canonical URL
// (with or without |version).
func valueSet(url string) ([]string, error) {
	url, _, _ = strings.Cut(url, "|")
	id := url[strings.LastIndex(url, "/")+1:]
	var vs struct {
		URL     string `json:"url"`
		Compose struct {
			Include []struct {
				Concept []struct {
					Code string `json:"code"`
				} `json:"concept"`
			} `json:"include"`
		} `json:"compose"`
	}
	if err := readJSON("definitions/ValueSet-"+id+".json", &vs); err != nil || vs.URL != url {
		return nil, fmt.Errorf("value set %s not embedded", url)
	}
	var codes []string
	for _, inc := range vs.Compose.Include {
		for _, c := range inc.Concept {
			codes = append(codes, c.Code)
		}
	}
	return codes, nil
}

func readJSON(file string, v any) error {
	raw, err := definitions.ReadFile(file)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

// vitalSignsRequired lists the top-level elements the vital-signs profile
// makes required (min ≥ 1), such as subject and effective[x].
var vitalSignsRequired = sync.OnceValues(func() ([]string, error) {
	var sd structureDefinition
	if err := readJSON("definitions/StructureDefinition-vitalsigns.json", &sd); err != nil {
		return nil, err
	}
	var out []string
	for _, e := range sd.Differential.Element {
		name, ok := strings.CutPrefix(e.ID, "Observation.")
		if ok && !strings.ContainsAny(name, ".:") && e.Min != nil && *e.Min >= 1 {
			out = append(out, name)
		}
	}
	return out, nil
})
