package web

import (
	"bytes"
	_ "embed"
	"net/http"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/policy/render"
)

//go:embed openapi.yaml
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Write(s.doc)
	return nil
}

// format reads ?format=, html by default.
func format(r *http.Request) (render.Format, string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "", "html":
		return render.HTML, "text/html; charset=utf-8", nil
	case "md":
		return render.Markdown, "text/markdown; charset=utf-8", nil
	default:
		return "", "", errs.E(errs.Invalid, "format %q: want html or md", f)
	}
}

// policyPage serves the version in force now, or ?version=V.
func (s *Server) policyPage(w http.ResponseWriter, r *http.Request) error {
	f, ctype, err := format(r)
	if err != nil {
		return err
	}
	p, err := s.lookup(r.PathValue("service"), r.URL.Query().Get("version"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render.Policy(&buf, p, f); err != nil {
		return err
	}
	return writeBody(w, ctype, buf.Bytes())
}

func (s *Server) lookup(service, version string) (*policy.Policy, error) {
	if version != "" {
		if p, ok := s.Policies.Version(service, version); ok {
			return p, nil
		}
		return nil, errs.E(errs.NotFound, "no declared policy version %q for service %q", version, service)
	}
	if p, ok := s.Policies.Current(service, s.Clock.Now()); ok {
		return p, nil
	}
	return nil, errs.E(errs.NotFound, "no policy in force for service %q", service)
}

func (s *Server) historyPage(w http.ResponseWriter, r *http.Request) error {
	f, ctype, err := format(r)
	if err != nil {
		return err
	}
	service := r.PathValue("service")
	cur, ok := s.Policies.Current(service, s.Clock.Now())
	if !ok {
		return errs.E(errs.NotFound, "no policy in force for service %q", service)
	}
	var buf bytes.Buffer
	if err := render.History(&buf, service, cur.Title, s.Policies.History(service), f); err != nil {
		return err
	}
	return writeBody(w, ctype, buf.Bytes())
}

func writeBody(w http.ResponseWriter, ctype string, body []byte) error {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	_, err := w.Write(body)
	return err
}
