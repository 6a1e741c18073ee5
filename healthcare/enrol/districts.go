package enrol

import (
	_ "embed"
	"encoding/json"
	"strings"
)

// Seoul is the 시/도 whose 구 participants live in.
const Seoul = "서울특별시"

//go:embed districts.json
var districtsJSON []byte

// Districts are the 시/군/구 a participant may name, by 시/도.
type Districts map[string][]string

// LoadDistricts reads the embedded list.
func LoadDistricts() Districts {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(districtsJSON, &raw); err != nil {
		panic("enrol: districts.json: " + err.Error()) // embedded: a test reads it
	}
	d := Districts{}
	for k, v := range raw {
		if strings.HasPrefix(k, "_") {
			continue
		}
		var list []string
		if err := json.Unmarshal(v, &list); err != nil {
			panic("enrol: districts.json: " + err.Error())
		}
		d[k] = list
	}
	return d
}

// Canonical is the district's one spelling ("시/도 시/군/구", single
// spaces), and whether it is on the list and in Seoul.
func (d Districts) Canonical(district string) (name string, known, seoul bool) {
	fields := strings.Fields(district)
	if len(fields) == 0 || len(fields) > 2 {
		return "", false, false
	}
	list, ok := d[fields[0]]
	if !ok {
		return "", false, false
	}
	if len(fields) == 1 {
		if len(list) > 0 {
			return "", false, false
		}
		return fields[0], true, false // 세종특별자치시 stands alone
	}
	for _, g := range list {
		if g == fields[1] {
			return fields[0] + " " + g, true, fields[0] == Seoul
		}
	}
	return "", false, false
}

// All lists every district in its canonical spelling.
func (d Districts) All() []string {
	var out []string
	for sido, list := range d {
		if len(list) == 0 {
			out = append(out, sido)
		}
		for _, g := range list {
			out = append(out, sido+" "+g)
		}
	}
	return out
}
