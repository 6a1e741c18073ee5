// Package policies holds the declared privacy policies (개인정보 처리방침), one
// folder per service and one YAML file per version, named after the version
// (its effective date): policies/<service>/<version>.yaml.
//
// It only embeds the files. Loading, linting and rendering belong to package
// policy; nothing here may read or hold personal data. The format is
// documented in docs/policy-format.md.
package policies

import "embed"

// FS holds every declaration as <service>/<version>.yaml.
//
//go:embed */*.yaml
var FS embed.FS
