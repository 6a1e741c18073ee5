package omh

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"sync"

	"jikimi/healthcare/jsonschema"
)

//go:embed schemas/*.json schemas/ieee/*.json schemas/LICENSE
var schemaFiles embed.FS

// aliases lets the embedded schemas' references resolve offline; see
// schemas/README.md. Every file is known by its Open mHealth URL (the $id of
// the current versions, against which their relative references resolve),
// and each IEEE 1752.1 schema they reference by the Open mHealth schema it
// grew out of.
var aliases = map[string]string{
	"https://w3id.org/openmhealth/schemas/omh/": "schemas/",
	ieee + "unit-value-1.0.json":                "schemas/unit-value-1.0.json",
	ieee + "time-frame-1.0.json":                "schemas/ieee/time-frame-1.0.json",
	ieee + "body-posture-1.0.json":              "schemas/body-posture-1.0.json",
	ieee + "descriptive-statistic-1.0.json":     "schemas/descriptive-statistic-1.x.json",
	ieee + "percent-unit-value-1.0.json":        "schemas/body-fat-percentage-1.0.json#/properties/body_fat_percentage",
}

const ieee = "https://w3id.org/ieee/ieee-1752-schema/"

// Namespace is the schema namespace of every supported point.
const Namespace = "omh"

// SchemaID is a point's header.schema_id.
type SchemaID struct {
	Namespace string
	Name      string
	Version   string
}

func (s SchemaID) String() string { return s.Namespace + ":" + s.Name + ":" + s.Version }

var versionFile = regexp.MustCompile(`^([a-z-]+)-([0-9]+\.[0-9]+)\.json$`)

// schemas holds the compiled data-point schema and one body schema per
// supported name and version.
type schemas struct {
	dataPoint *jsonschema.Schema
	bodies    map[SchemaID]*jsonschema.Schema
}

var loadSchemas = sync.OnceValues(func() (*schemas, error) {
	c := jsonschema.NewCompiler(schemaFiles, aliases)
	dp, err := c.Compile("schemas/data-point-1.0.json")
	if err != nil {
		return nil, err
	}
	out := &schemas{dataPoint: dp, bodies: map[SchemaID]*jsonschema.Schema{}}
	for _, id := range shipped() {
		s, err := c.Compile(fmt.Sprintf("schemas/%s-%s.json", id.Name, id.Version))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		out.bodies[id] = s
	}
	return out, nil
})

// shipped lists the embedded versions of the supported schemas.
func shipped() []SchemaID {
	entries, _ := fs.ReadDir(schemaFiles, "schemas")
	var out []SchemaID
	for _, e := range entries {
		m := versionFile.FindStringSubmatch(e.Name())
		if m != nil && extractors[m[1]] != nil {
			out = append(out, SchemaID{Namespace, m[1], m[2]})
		}
	}
	return out
}

// Supported lists the schemas Parse accepts, sorted.
func Supported() []SchemaID {
	ids := shipped()
	sort.Slice(ids, func(i, j int) bool { return ids[i].String() < ids[j].String() })
	return ids
}
