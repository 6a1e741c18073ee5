package jsonschema

// declare records the names a schema document declares — the keys of every
// "properties" and the entries of every "required" — for violation paths,
// and shares them and the enum strings with Decode.
func (c *Compiler) declare(doc any) {
	var names, enums []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if props, ok := x["properties"].(map[string]any); ok {
				for name := range props {
					names = append(names, name)
				}
			}
			names = appendStrings(names, x["required"])
			enums = appendStrings(enums, x["enum"])
			for _, sub := range x {
				walk(sub)
			}
		case []any:
			for _, sub := range x {
				walk(sub)
			}
		}
	}
	walk(doc)
	for _, s := range names {
		c.names[s] = true
	}
	intern(names...)
	intern(enums...)
}

// appendStrings appends the strings of a JSON array.
func appendStrings(out []string, v any) []string {
	list, _ := v.([]any)
	for _, s := range list {
		if s, ok := s.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
