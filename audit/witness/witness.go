// Package witness is a witness of the access log: a second institution
// runs it (jikimi witness serve) with its own key and state file. It
// cosigns a checkpoint of the log only when a trusted log key signed it and
// a consistency proof shows it extends the last checkpoint the witness
// cosigned, so a log that rewrites or rolls back its history cannot get a
// new cosignature. It speaks the add-checkpoint request of C2SP
// tlog-witness; its cosignature is an ordinary signed-note Ed25519
// signature, so an auditor checks it with note.Open and the witness's
// verifier key alone. It never sees an entry, only tree hashes.
package witness

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"

	"jikimi/audit"
)

// Server is a witness.
type Server struct {
	signer note.Signer
	logs   *audit.Trust // the log's keys
	state  string       // file holding the last cosigned checkpoint
	mu     sync.Mutex
	latest *audit.Checkpoint // nil before the first
}

// NewServer is a witness signing with signer, trusting checkpoints of the
// log signed by logs, keeping its state in the file state (read now if it
// exists: a witness never forgets what it cosigned).
func NewServer(signer note.Signer, logs *audit.Trust, state string) (*Server, error) {
	s := &Server{signer: signer, logs: logs, state: state}
	b, err := os.ReadFile(state)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if s.latest, err = logs.Checkpoint(b); err != nil {
		return nil, fmt.Errorf("witness: the state file %s: %w", state, err)
	}
	return s, nil
}

// Latest is the last checkpoint the witness cosigned (nil: none yet).
func (s *Server) Latest() *audit.Checkpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latest
}

// Handler serves POST /add-checkpoint.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /add-checkpoint", s.addCheckpoint)
	return mux
}

const maxRequest = 16 << 10

// request is an add-checkpoint body: "old N", the proof's hashes in base64
// a line each, a blank line, the checkpoint note.
type request struct {
	old   int64
	proof [][]byte
	note  []byte
}

func parseRequest(b []byte) (*request, error) {
	head, cp, ok := bytes.Cut(b, []byte("\n\n"))
	if !ok {
		return nil, errors.New("no blank line before the checkpoint")
	}
	lines := strings.Split(string(head), "\n")
	n, found := strings.CutPrefix(lines[0], "old ")
	old, err := strconv.ParseInt(n, 10, 64)
	if !found || err != nil || old < 0 || len(lines) > 64 {
		return nil, errors.New(`the first line is not "old N"`)
	}
	r := &request{old: old, note: cp}
	for _, l := range lines[1:] {
		h, err := base64.StdEncoding.DecodeString(l)
		if err != nil || len(h) != 32 {
			return nil, errors.New("a proof line is not a base64 hash")
		}
		r.proof = append(r.proof, h)
	}
	return r, nil
}

func (s *Server) addCheckpoint(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxRequest+1))
	if err != nil || len(b) > maxRequest {
		http.Error(w, "request too large or unreadable", http.StatusBadRequest)
		return
	}
	req, err := parseRequest(b)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	cp, err := s.logs.Checkpoint(req.note)
	if err != nil {
		http.Error(w, "the checkpoint is not signed by a trusted key of the log", http.StatusForbidden)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if size := s.size(); req.old != size {
		w.Header().Set("Content-Type", "text/x.tlog.size")
		w.WriteHeader(http.StatusConflict)
		fmt.Fprintf(w, "%d\n", size)
		return
	}
	if status, msg := s.consistent(req, cp); status != http.StatusOK {
		http.Error(w, msg, status)
		return
	}
	sigs, err := s.cosign(cp)
	if err != nil {
		http.Error(w, "could not cosign", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(sigs)
}

func (s *Server) size() int64 {
	if s.latest == nil {
		return 0
	}
	return s.latest.Size
}

// consistent checks the proof that cp extends the latest cosigned checkpoint.
func (s *Server) consistent(req *request, cp *audit.Checkpoint) (int, string) {
	switch {
	case cp.Size < req.old:
		return http.StatusBadRequest, "the checkpoint is older than the one the witness holds"
	case s.latest == nil || req.old == 0:
		if len(req.proof) != 0 {
			return http.StatusBadRequest, "a checkpoint after an empty tree takes no proof"
		}
		return http.StatusOK, ""
	}
	err := proof.VerifyConsistency(rfc6962.DefaultHasher, uint64(req.old), uint64(cp.Size), req.proof, s.latest.Root, cp.Root)
	if err != nil {
		return http.StatusUnprocessableEntity, "the checkpoint is not consistent with the one the witness holds"
	}
	return http.StatusOK, ""
}

// cosign records cp as the latest and returns the witness's signature line.
func (s *Server) cosign(cp *audit.Checkpoint) ([]byte, error) {
	n, err := note.Open(cp.Note, s.logs.Verifiers())
	if err != nil {
		return nil, err
	}
	signed, err := note.Sign(&note.Note{Text: n.Text}, s.signer)
	if err != nil {
		return nil, err
	}
	tmp := s.state + ".tmp"
	if err := os.WriteFile(tmp, cp.Note, 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, s.state); err != nil {
		return nil, err
	}
	s.latest = cp
	return signed[len(n.Text)+1:], nil
}

// Client sends checkpoints to a witness over HTTP; it is an audit.Witness.
type Client struct {
	url  string
	v    note.Verifier
	http *http.Client
}

// NewClient is the witness at url (its add-checkpoint endpoint is under
// it), whose cosignatures verify with vkey; hc nil is http.DefaultClient.
func NewClient(url, vkey string, hc *http.Client) (*Client, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("witness: not a verifier key: %w", err)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{url: strings.TrimSuffix(url, "/"), v: v, http: hc}, nil
}

// Name is the witness key's name.
func (c *Client) Name() string { return c.v.Name() }
