package rights

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"
	"time"
)

//go:embed templates
var templates embed.FS

var answerStyle = func() string {
	b, err := templates.ReadFile("templates/answer.css")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// answerCSP allows the page's own style sheet (by hash) and nothing else.
var answerCSP = func() string {
	sum := sha256.Sum256([]byte(answerStyle))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; frame-ancestors 'none'; base-uri 'none'"
}()

var answerPage = template.Must(template.New("answer.html").Funcs(template.FuncMap{
	"style": func() template.CSS { return template.CSS(answerStyle) },
	"kst":   func(t time.Time) string { return t.In(Seoul).Format("2006-01-02 15:04") },
	"kstp":  func(t *time.Time) string { return t.In(Seoul).Format("2006-01-02") },
	"join":  func(ss []string) string { return strings.Join(ss, ", ") },
}).ParseFS(templates, "templates/answer.html"))

// writeHTML writes the access answer as a Korean document a browser prints
// (or saves as PDF).
func writeHTML(w http.ResponseWriter, a *AccessAnswer) error {
	var buf bytes.Buffer
	if err := answerPage.Execute(&buf, a); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", answerCSP)
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}
