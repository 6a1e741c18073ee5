// Package jsonschema validates decoded JSON against JSON Schema (drafts 04
// to 2020-12) with github.com/santhosh-tekuri/jsonschema/v6, and decodes
// JSON the way it expects (Decode, fast and fuzzed against encoding/json).
//
// It owns loading schemas from an fs.FS under the URLs they are known by
// (so that $id-relative and absolute references resolve offline, through
// an alias table), and turning the library's structured errors into a
// Violation. A Violation names a JSON path and the keyword that failed and
// never the value: values are health data, and this package must never
// print, log or keep them. Its paths hold only array indices and names that
// some loaded schema declares; a name the schemas do not know is cut off,
// the violation reported at its parent.
package jsonschema
