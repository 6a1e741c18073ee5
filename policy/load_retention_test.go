package policy

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A retention rule the engine cannot compute refuses the whole load, and
// the error names the rule's file and line.
func TestLoadRefusesRetentionTheEngineCannotCompute(t *testing.T) {
	valid := readValid(t)
	for _, tt := range []struct {
		name, from, to, want string
	}{
		{"unknown event", "{id: member, until: withdrawal}", "{id: member, until: forever}",
			`p/test-service/2026-01-01.yaml:31: membership: retention rule "member" cannot be computed: until: unknown event "forever"`},
		{"period after an unknown event", "{id: health, period: 2y}", "{id: health, period: 2y, after: death}",
			`p/test-service/2026-01-01.yaml:42: health: retention rule "health" cannot be computed: after: unknown event "death"`},
		{"two shapes", "{id: health, period: 2y}", "{id: health, period: 2y, immediate: true}",
			`p/test-service/2026-01-01.yaml:42: health: retention rule "health" cannot be computed: want exactly one of`},
		{"a period after an event, with until", "{id: health, period: 2y}", "{id: health, period: 2y, after: result_notified, until: withdrawal}",
			`p/test-service/2026-01-01.yaml:42: health: retention rule "health" cannot be computed: want exactly one of`},
		{"a period until an unknown event", "{id: health, period: 2y}", "{id: health, period: 2y, until: forever}",
			`p/test-service/2026-01-01.yaml:42: health: retention rule "health" cannot be computed: until: unknown event "forever"`},
		{"a period until an event, kept apart", "{id: health, period: 2y}", "{id: health, period: 2y, until: withdrawal, method: separate, separate: {purpose: health}}",
			`p/test-service/2026-01-01.yaml:42: health: retention rule "health" cannot be computed: a period with until ends in destruction`},
		{"no shape", "{id: member, until: withdrawal}", "{id: member}",
			`p/test-service/2026-01-01.yaml:31: membership: retention rule "member" cannot be computed`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(valid, tt.from, tt.to, 1)
			reg, err := LoadFS(fstest.MapFS{"p/test-service/2026-01-01.yaml": {Data: []byte(bad)}}, "p")
			if err == nil || reg != nil {
				t.Fatal("a rule the engine cannot compute loaded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error\n%s\ndoes not contain\n%s", err, tt.want)
			}
		})
	}
}
