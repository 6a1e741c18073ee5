// Package render owns the public text of the privacy policy (개인정보
// 처리방침): it turns one loaded declaration into the Korean document,
// article by article, in Markdown or HTML, and lists a service's versions on
// a history page. Every sentence comes from the declaration or from the
// fixed wording of the law around it, so what we publish is what the engine
// enforces.
//
// It renders declarations only. No personal data ever passes through it and
// it must never be given any: its inputs are policy.Policy and
// policy.VersionInfo, which describe processing, never a person. It reads
// nothing and writes only to the writer it is handed, and only after the
// whole page has rendered.
package render

import (
	"bytes"
	"fmt"
	"io"

	"jikimi/policy"
)

// Format is the output format of a page.
type Format string

// Formats.
const (
	Markdown Format = "md"
	HTML     Format = "html"
)

// Policy writes the public 처리방침 of one declared version.
func Policy(w io.Writer, p *policy.Policy, f Format) error {
	return execute(w, f, "policy", newPolicyPage(p))
}

// History writes the page listing every version of a service's policy,
// newest first as policy.Registry.History returns them, linking those whose
// full text is declared here.
func History(w io.Writer, service, title string, versions []policy.VersionInfo, f Format) error {
	return execute(w, f, "history", newHistoryPage(service, title, versions))
}

// execute renders the page into a buffer first, so a failing template never
// leaves half a page on the writer.
func execute(w io.Writer, f Format, page string, data any) error {
	t, ok := templates[f]
	if !ok {
		return fmt.Errorf("render: unknown format %q (want md or html)", f)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, page, data); err != nil {
		return fmt.Errorf("render %s page as %s: %w", page, f, err)
	}
	_, err := buf.WriteTo(w)
	return err
}
