package witness

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"jikimi/audit"
	"jikimi/errs"
)

// AddCheckpoint sends the checkpoint with its consistency proof from old
// and returns the witness's cosignature, checked with its key.
func (c *Client) AddCheckpoint(ctx context.Context, old int64, proof [][]byte, cp []byte) ([]byte, error) {
	var body bytes.Buffer
	fmt.Fprintf(&body, "old %d\n", old)
	for _, h := range proof {
		body.WriteString(base64.StdEncoding.EncodeToString(h) + "\n")
	}
	body.WriteString("\n")
	body.Write(cp)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/add-checkpoint", &body)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "witness: the URL")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, errs.Wrap(errs.Unavailable, err, "witness: unreachable")
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return nil, errs.Wrap(errs.Unavailable, err, "witness: read the answer")
	}
	switch resp.StatusCode {
	case http.StatusOK:
		return c.check(cp, b)
	case http.StatusConflict:
		size, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err != nil || size < 0 {
			return nil, errs.E(errs.Unavailable, "witness: a conflict without its size")
		}
		return nil, &audit.SizeMismatch{Size: size}
	}
	return nil, errs.E(errs.Conflict, "witness: refused the checkpoint (%s): %s", resp.Status, strings.TrimSpace(string(b)))
}

// check keeps the lines of sigs that are the witness's signature on cp.
func (c *Client) check(cp, sigs []byte) ([]byte, error) {
	i := bytes.Index(cp, []byte("\n\n"))
	if i < 0 {
		return nil, errs.E(errs.Invalid, "witness: not a signed note")
	}
	n, err := note.Open(append(bytes.Clone(cp[:i+2]), sigs...), note.VerifierList(c.v))
	if err != nil || len(n.Sigs) == 0 {
		return nil, errs.E(errs.Conflict, "witness: the cosignature does not verify with the witness's key")
	}
	var out []byte
	for line := range bytes.Lines(sigs) {
		if bytes.HasPrefix(line, []byte("— "+c.v.Name()+" ")) {
			out = append(out, line...)
		}
	}
	return out, nil
}
