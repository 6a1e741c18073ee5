package catalogue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"jikimi/errs"
)

// rawService is one element of the open API's JSON as we keep it. Fields
// we do not use (hashtags, which repeat the tags) are ignored, as are
// fields a later snapshot may add.
type rawService struct {
	ID          string `json:"servId"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Agency      string `json:"agency"`
	Life        string `json:"lifeArray"`
	Targets     string `json:"trgterIndvdlArray"`
	Themes      string `json:"intrsThemaArray"`
	Online      string `json:"onapPsbltYn"`
	Cycle       string `json:"sprtCycNm"`
	Form        string `json:"srvPvsnNm"`
}

// Parse reads a catalogue snapshot: a JSON array of services in the open
// API's shape. It is strict about what matching depends on: every ID is
// present, well formed and unique, every tag is a known label, and
// onapPsbltYn is Y or N. Errors are errs.Invalid and name the service by
// position and ID.
func Parse(data []byte) ([]Service, error) {
	var raws []rawService
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raws); err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "catalogue is not a JSON array of services")
	}
	if dec.More() {
		return nil, errs.E(errs.Invalid, "catalogue has data after its JSON array")
	}
	out := make([]Service, len(raws))
	seen := make(map[string]bool, len(raws))
	for i, r := range raws {
		s, problem := r.service()
		if problem != "" {
			return nil, errs.E(errs.Invalid, "catalogue service %d (%q): %s", i, clip(r.ID), problem)
		}
		if seen[s.ID] {
			return nil, errs.E(errs.Invalid, "catalogue service %d: duplicate ID %q", i, s.ID)
		}
		seen[s.ID] = true
		out[i] = s
	}
	return out, nil
}

// service checks r and converts it; the string is what is wrong, or "".
func (r rawService) service() (Service, string) {
	s := Service{ID: r.ID, Name: strings.TrimSpace(r.Name), Description: r.Description, Agency: r.Agency,
		Cycle: r.Cycle, Form: r.Form, OnlineApplication: r.Online == "Y"}
	switch {
	case !wellFormedID(r.ID):
		return s, "malformed servId"
	case s.Name == "":
		return s, "no name"
	case r.Online != "Y" && r.Online != "N":
		return s, "onapPsbltYn is neither Y nor N"
	}
	var p1, p2, p3 string
	s.Stages, p1 = parseList[Stage](stageVocab, r.Life, "lifeArray")
	s.Households, p2 = parseList[Household](householdVocab, r.Targets, "trgterIndvdlArray")
	s.Themes, p3 = parseList[Theme](themeVocab, r.Themes, "intrsThemaArray")
	s.index()
	return s, strings.TrimSuffix(p1+p2+p3, "; ")
}

// parseList reads a comma-separated list of labels; "" is the empty list.
// The string is what is wrong, or "".
func parseList[T ~uint8](v vocab, list, field string) ([]T, string) {
	if strings.TrimSpace(list) == "" {
		return nil, ""
	}
	parts := strings.Split(list, ",")
	out := make([]T, 0, len(parts))
	for _, p := range parts {
		x, ok := v.parseLabel(strings.TrimSpace(p))
		if !ok {
			return nil, fmt.Sprintf("%s has an unknown label %q; ", field, clip(p))
		}
		out = append(out, T(x))
	}
	return out, ""
}

// maxIDLen bounds a servId; the API's are 11 characters ("WLF00001183").
const maxIDLen = 32

func wellFormedID(id string) bool {
	if id == "" || len(id) > maxIDLen {
		return false
	}
	for _, c := range []byte(id) {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// clip shortens a value quoted in an error, so a hostile file cannot make
// error messages huge.
func clip(s string) string {
	const n = 40
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
