package omh

import (
	"encoding/json"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/jsonschema"
	"jikimi/healthcare/measure"
)

// MaxSize is the largest data point Parse reads, in bytes.
const MaxSize = 64 << 10

// Parse validates one data point (header and body) and returns it with its
// values in canonical units. now is the server's time, for the
// future_timestamp check. Errors are errs.Invalid with a reason code (see the
// package comment) and a JSON path, or errs.Internal when the embedded
// schemas do not compile.
func Parse(raw json.RawMessage, now time.Time) (*Point, error) {
	sc, err := loadSchemas()
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "omh: embedded schemas")
	}
	doc, rej := decode(raw, sc)
	if rej != nil {
		return nil, rej
	}
	p, body, rej := header(doc, sc)
	if rej != nil {
		return nil, rej
	}
	if rej := p.read(body, now); rej != nil {
		return nil, rej
	}
	return p, nil
}

func reject(reason, path string) *errs.Error { return measure.Reject("omh", reason, path) }

// decode reads the JSON and checks it against the data-point schema.
func decode(raw []byte, sc *schemas) (map[string]any, *errs.Error) {
	if len(raw) > MaxSize {
		return nil, reject(measure.SchemaViolation, "/")
	}
	v, err := jsonschema.Decode(raw)
	if err != nil {
		return nil, reject(measure.SchemaViolation, "/")
	}
	if viol := sc.dataPoint.Validate(v); viol != nil {
		return nil, reject(measure.SchemaViolation, viol.Path)
	}
	return v.(map[string]any), nil
}

// header reads the header, finds the body's schema and checks the body.
func header(doc map[string]any, sc *schemas) (*Point, map[string]any, *errs.Error) {
	h := doc["header"].(map[string]any)
	sid := h["schema_id"].(map[string]any)
	id := SchemaID{sid["namespace"].(string), sid["name"].(string), sid["version"].(string)}
	bodySchema, ok := sc.bodies[id]
	if !ok {
		return nil, nil, reject(measure.UnknownSchema, "/header/schema_id")
	}
	body := doc["body"].(map[string]any)
	if viol := bodySchema.Validate(body); viol != nil {
		return nil, nil, reject(measure.SchemaViolation, "/body"+trimRoot(viol.Path))
	}
	created, _ := time.Parse(time.RFC3339Nano, h["creation_date_time"].(string))
	return &Point{ID: h["id"].(string), Schema: id, Created: created}, body, nil
}

func trimRoot(path string) string {
	if path == "/" {
		return ""
	}
	return path
}

// read fills the time frame and values from a valid body.
func (p *Point) read(body map[string]any, now time.Time) *errs.Error {
	if why := measure.Implausible(p.Created, now); why != "" {
		return reject(why, "/header/creation_date_time")
	}
	if rej := p.frame(body, now); rej != nil {
		return rej
	}
	p.Statistic, _ = body["descriptive_statistic"].(string)
	p.Relation, _ = body["temporal_relationship_to_physical_activity"].(string)
	r := reader{p: p, body: body}
	extractors[p.Schema.Name](&r)
	return r.err
}
