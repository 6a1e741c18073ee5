// Package jsonschema validates decoded JSON against the part of JSON Schema
// (drafts 04 to 07) that the Open mHealth schemas use: $ref (within a file,
// relative to other files, and absolute through an alias table), type,
// properties, required, additionalProperties, enum, minimum, maximum,
// exclusiveMinimum and exclusiveMaximum (both drafts' forms), allOf, anyOf,
// oneOf, items, pattern and format (date-time, uri).
//
// It owns compiling schemas from an fs.FS and checking values against them.
// A schema that uses any other validation keyword fails to compile, so no
// keyword is ever silently skipped. A Violation names the JSON path and the
// keyword that failed and never the value: values are health data, and this
// package must never print, log or keep them.
package jsonschema
