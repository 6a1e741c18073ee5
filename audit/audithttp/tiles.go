package audithttp

import (
	"net/http"
	"strconv"
	"strings"

	"jikimi/errs"
)

// parseTilePath reads a C2SP tlog-tiles path after "tile/": the level, the
// index in groups of three digits ("x001/x234/067"), and for a partial tile
// ".p/" and its width.
func parseTilePath(p string) (level, index, width int64, err error) {
	bad := errs.E(errs.NotFound, "not a tile path")
	parts := strings.Split(p, "/")
	if len(parts) < 2 || len(parts[0]) > 2 {
		return 0, 0, 0, bad
	}
	if level, err = strconv.ParseInt(parts[0], 10, 64); err != nil {
		return 0, 0, 0, bad
	}
	n, width := parts[1:], int64(256)
	if k := len(n); k >= 2 && strings.HasSuffix(n[k-2], ".p") {
		w, err := strconv.ParseInt(n[k-1], 10, 64)
		if err != nil || w < 1 || w > 255 || strconv.FormatInt(w, 10) != n[k-1] {
			return 0, 0, 0, bad
		}
		width, n = w, append(n[:k-2:k-2], strings.TrimSuffix(n[k-2], ".p"))
	}
	for i, e := range n {
		if i < len(n)-1 {
			var ok bool
			if e, ok = strings.CutPrefix(e, "x"); !ok {
				return 0, 0, 0, bad
			}
		}
		d, err := strconv.ParseInt(e, 10, 64)
		if len(e) != 3 || err != nil || d < 0 {
			return 0, 0, 0, bad
		}
		index = index*1000 + d
	}
	return level, index, width, nil
}

func (h *handler) tile(w http.ResponseWriter, r *http.Request) error {
	level, index, width, err := parseTilePath(r.PathValue("path"))
	if err != nil {
		return err
	}
	b, err := h.log.Tile(r.Context(), level, index, width)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if width == 256 {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	_, err = w.Write(b)
	return err
}
