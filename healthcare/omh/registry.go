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

//go:embed schemas/*.json schemas/LICENSE
var schemaFiles embed.FS

// aliases resolves the absolute references the embedded schemas make; see
// schemas/README.md.
var aliases = map[string]string{
	"https://w3id.org/ieee/ieee-1752-schema/unit-value-1.0.json": "schemas/unit-value-1.0.json",
}

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
