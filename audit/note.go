package audit

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"jikimi/errs"
)

// Checkpoint is a signed statement of the log's Merkle tree: its size (the
// number of entries), its RFC 6962 root hash, when it was signed and the
// size of the checkpoint signed before it (Prev, -1 on checkpoints written
// before the link existed). Note is the signed text an auditor keeps and
// checks with note.Open or VerifyCheckpoint; it may carry witnesses'
// cosignatures besides the log's signature.
type Checkpoint struct {
	Size int64
	Root []byte
	Time time.Time
	Prev int64
	Note []byte
}

// The note is a C2SP signed note (golang.org/x/mod/sumdb/note) whose text is
// a C2SP tlog-checkpoint: the origin line, the size, the base64 root, then
// two extension lines, the Unix time of signing and "prev N", the size of
// the checkpoint before it. The link makes a checkpoint deleted from the
// middle of the table a gap Verify sees.
const (
	noteOrigin = "jikimi access log"
	// KeyName is the name of every key that signs the log's checkpoints.
	KeyName = "jikimi-access-log"
	maxNote = 4096
)

func noteBody(size int64, root []byte, t time.Time, prev int64) string {
	return fmt.Sprintf("%s\n%d\n%s\n%d\nprev %d\n", noteOrigin, size, base64.StdEncoding.EncodeToString(root), t.Unix(), prev)
}

// signCheckpoint builds and signs the checkpoint of a tree.
func signCheckpoint(s note.Signer, size int64, root []byte, t time.Time, prev int64) (*Checkpoint, error) {
	b, err := note.Sign(&note.Note{Text: noteBody(size, root, t, prev)}, s)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: sign a checkpoint")
	}
	return &Checkpoint{Size: size, Root: root, Time: time.Unix(t.Unix(), 0).UTC(), Prev: prev, Note: b}, nil
}

// VerifyCheckpoint checks a checkpoint note's signature with pub alone and
// returns what it states. A malformed note, or one pub did not sign, is
// errs.Invalid. Trust.Checkpoint does the same for a list of keys.
func VerifyCheckpoint(pub ed25519.PublicKey, b []byte) (*Checkpoint, error) {
	t, err := TrustKey(pub)
	if err != nil {
		return nil, err
	}
	return t.Checkpoint(b)
}

// openNote verifies a signed note with verifiers and returns its text.
func openNote(b []byte, vs note.Verifiers) (*note.Note, error) {
	if len(b) > maxNote {
		return nil, errs.E(errs.Invalid, "audit: checkpoint note is too long")
	}
	n, err := note.Open(b, vs)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "audit: the checkpoint's signature does not verify with a trusted key")
	}
	return n, nil
}

// ParseCheckpointText reads what a checkpoint's text states, without
// checking any signature (the caller has, with note.Open).
func ParseCheckpointText(text string) (*Checkpoint, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	bad := func(what string) (*Checkpoint, error) {
		return nil, errs.E(errs.Invalid, "audit: checkpoint note: %s", what)
	}
	if (len(lines) != 4 && len(lines) != 5) || lines[0] != noteOrigin || !strings.HasSuffix(text, "\n") {
		return bad("not a jikimi access log checkpoint")
	}
	size, ok := number(lines[1])
	if !ok {
		return bad("bad tree size")
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != sha256.Size {
		return bad("bad root hash")
	}
	sec, ok := number(lines[3])
	if !ok {
		return bad("bad time")
	}
	prev := int64(-1)
	if len(lines) == 5 {
		p, found := strings.CutPrefix(lines[4], "prev ")
		if prev, ok = number(p); !found || !ok || prev >= size && size > 0 {
			return bad("bad link to the previous checkpoint")
		}
	}
	return &Checkpoint{Size: size, Root: root, Time: time.Unix(sec, 0).UTC(), Prev: prev}, nil
}

// number parses a non-negative decimal in its canonical form.
func number(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= 0 && strconv.FormatInt(n, 10) == s
}
