package jsonschema

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"testing"
)

// reference is what Decode must equal: encoding/json with UseNumber.
func reference(data []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

func FuzzDecodeMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"header":{"id":"a","schema_id":{"name":"heart-rate","version":"2.0"}},"body":{"heart_rate":{"value":61,"unit":"beats/min"}}}`,
		`[1,-0.5e+10,0,1E2,true,false,null,"x\"y\u00e9\ud83d\ude00",{}]`, `"\ud800"`, "\"\xff\"", `01`, `-`, `1.`, `1e`, `[1,]`, `{"a":1,}`,
		`{"a" 1}`, `{"a":1}{}`, `  {"a" : [ ] } `, `"a	b"`, `{"a":1,"a":2}`, `[[[[]]]]`, `nul`, `truex`, ``, `"\x"`, `"\u12"`,
	} {
		f.Add([]byte(s))
	}
	intern("header", "id", "a", "x", "heart-rate", "") // shared strings decode the same
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantOK := reference(data)
		got, err := Decode(data)
		if (err == nil) != wantOK {
			t.Fatalf("Decode(%q): error %v, encoding/json ok %v", data, err, wantOK)
		}
		if wantOK && !reflect.DeepEqual(got, want) {
			t.Fatalf("Decode(%q) = %#v, want %#v", data, got, want)
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	data := []byte(`{"header":{"id":"synthetic-1","creation_date_time":"2024-03-04T11:00:00+09:00","schema_id":{"namespace":"omh","name":"heart-rate","version":"2.0"}},` +
		`"body":{"heart_rate":{"value":61,"unit":"beats/min"},"effective_time_frame":{"date_time":"2024-03-04T09:30:00+09:00"}}}`)
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			reference(data)
		}
	})
	intern("header", "id", "creation_date_time", "schema_id", "namespace", "name", "version", "body", "heart_rate",
		"value", "unit", "effective_time_frame", "date_time", "omh", "heart-rate", "beats/min")
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := Decode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
