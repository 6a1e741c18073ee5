// Package audithttp publishes the access log's latest checkpoint and its
// tree's hashes (C2SP tlog-tiles) at public URLs, for auditors and
// witnesses to fetch, mirror and compare with what they kept. It serves
// tree hashes and signatures only, never an entry.
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

// Log is what is published (*audit.Log).
type Log interface {
	Latest(ctx context.Context) (*audit.Checkpoint, error)
	Tile(ctx context.Context, level, index, width int64) ([]byte, error)
}

type handler struct{ log Log }

// Mount is GET /audit/checkpoint, the latest checkpoint note with the
// witnesses' cosignatures it has gathered, and GET /audit/tile/..., the
// tree's hash tiles of that checkpoint.
func Mount(log Log) web.Mount {
	h := &handler{log}
	return web.Mount{Name: "audit", OpenAPI: openAPI, Routes: []web.Route{
		{Method: "GET", Path: "/audit/checkpoint", Handle: h.checkpoint},
		{Method: "GET", Path: "/audit/tile/{path...}", Handle: h.tile},
	}}
}

func (h *handler) checkpoint(w http.ResponseWriter, r *http.Request) error {
	cp, err := h.log.Latest(r.Context())
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
}
