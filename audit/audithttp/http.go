// Package audithttp publishes the access log's latest checkpoint at a
// public URL, for auditors and witnesses to fetch and compare with what they
// kept. It serves tree hashes and signatures only, never an entry.
package audithttp

import (
	"context"
	_ "embed"
	"net/http"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/web"
)

//go:embed openapi.yaml
var openAPI []byte

// Latest is the log's latest stored checkpoint (audit.Log.Latest).
type Latest func(ctx context.Context) (*audit.Checkpoint, error)

// Mount is GET /audit/checkpoint: the latest checkpoint note, with the
// witnesses' cosignatures it has gathered, as text/plain.
func Mount(latest Latest) web.Mount {
	return web.Mount{Name: "audit", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "GET", Path: "/audit/checkpoint", Handle: func(w http.ResponseWriter, r *http.Request) error {
			cp, err := latest(r.Context())
			if err != nil {
				return err
			}
			if cp == nil {
				return errs.E(errs.NotFound, "the access log has no checkpoint yet")
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_, err = w.Write(cp.Note)
			return err
		}},
	}}
}
