package audit

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"jikimi/errs"
)

// Checkpoint is a signed statement of the log's Merkle tree: its size (the
// number of entries), its RFC 6962 root hash and when it was signed. Note is
// the signed text an auditor keeps and checks with VerifyCheckpoint.
type Checkpoint struct {
	Size int64
	Root []byte
	Time time.Time
	Note []byte
}

// The note follows the C2SP signed-note and tlog-checkpoint formats: the
// body is the origin line, the size, the base64 root and the Unix time, each
// ending in a newline; a blank line; then "— <key name> <base64(key hash ||
// Ed25519 signature over the body)>".
const (
	noteOrigin  = "jikimi access log"
	noteKeyName = "jikimi-access-log"
	maxNote     = 4096
)

func noteBody(size int64, root []byte, t time.Time) string {
	return fmt.Sprintf("%s\n%d\n%s\n%d\n", noteOrigin, size, base64.StdEncoding.EncodeToString(root), t.Unix())
}

// keyHash names the key in a signature line: the first four bytes of
// SHA-256(name || "\n" || 0x01 || public key), 0x01 meaning Ed25519.
func keyHash(pub ed25519.PublicKey) []byte {
	h := sha256.Sum256(append([]byte(noteKeyName+"\n\x01"), pub...))
	return h[:4]
}

// signCheckpoint builds and signs the checkpoint of a tree.
func signCheckpoint(key ed25519.PrivateKey, size int64, root []byte, t time.Time) *Checkpoint {
	body := noteBody(size, root, t)
	sig := ed25519.Sign(key, []byte(body))
	line := "— " + noteKeyName + " " + base64.StdEncoding.EncodeToString(append(keyHash(key.Public().(ed25519.PublicKey)), sig...)) + "\n"
	return &Checkpoint{Size: size, Root: root, Time: time.Unix(t.Unix(), 0).UTC(), Note: []byte(body + "\n" + line)}
}

// VerifyCheckpoint checks a checkpoint note's signature with pub and
// returns what it states. A malformed note, or one pub did not sign, is
// errs.Invalid.
func VerifyCheckpoint(pub ed25519.PublicKey, note []byte) (*Checkpoint, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, errs.E(errs.Invalid, "audit: the public key is not an Ed25519 key")
	}
	body, sigs, err := splitNote(note)
	if err != nil {
		return nil, err
	}
	if !signedBy(pub, body, sigs) {
		return nil, errs.E(errs.Invalid, "audit: the checkpoint's signature does not verify with this public key")
	}
	cp, err := parseBody(body)
	if err != nil {
		return nil, err
	}
	cp.Note = bytes.Clone(note)
	return cp, nil
}

func splitNote(note []byte) (body []byte, sigs []string, err error) {
	if len(note) > maxNote {
		return nil, nil, errs.E(errs.Invalid, "audit: checkpoint note is too long")
	}
	i := bytes.Index(note, []byte("\n\n"))
	if i < 0 {
		return nil, nil, errs.E(errs.Invalid, "audit: not a signed checkpoint note (no blank line before the signatures)")
	}
	lines, ok := bytes.CutSuffix(note[i+2:], []byte("\n"))
	if !ok || len(lines) == 0 {
		return nil, nil, errs.E(errs.Invalid, "audit: the checkpoint note has no signature line")
	}
	return note[:i+1], strings.Split(string(lines), "\n"), nil
}

// signedBy reports whether one of the signature lines is pub's over body.
func signedBy(pub ed25519.PublicKey, body []byte, sigs []string) bool {
	want := keyHash(pub)
	for _, line := range sigs {
		name, b64, ok := strings.Cut(strings.TrimPrefix(line, "— "), " ")
		sig, err := base64.StdEncoding.DecodeString(b64)
		if !ok || name != noteKeyName || err != nil || len(sig) != 4+ed25519.SignatureSize || !bytes.Equal(sig[:4], want) {
			continue
		}
		if ed25519.Verify(pub, body, sig[4:]) {
			return true
		}
	}
	return false
}

func parseBody(body []byte) (*Checkpoint, error) {
	lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
	bad := func(what string) (*Checkpoint, error) {
		return nil, errs.E(errs.Invalid, "audit: checkpoint note: %s", what)
	}
	if len(lines) != 4 || lines[0] != noteOrigin {
		return bad("not a jikimi access log checkpoint")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return bad("bad tree size")
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != sha256.Size {
		return bad("bad root hash")
	}
	sec, err := strconv.ParseInt(lines[3], 10, 64)
	if err != nil || strconv.FormatInt(sec, 10) != lines[3] {
		return bad("bad time")
	}
	return &Checkpoint{Size: size, Root: root, Time: time.Unix(sec, 0).UTC()}, nil
}
