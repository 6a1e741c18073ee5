package audit

import (
	"encoding/json"

	"github.com/transparency-dev/merkle/proof"

	"jikimi/errs"
)

// InclusionProof shows that one entry is in a checkpoint's tree. It carries
// the entry itself (its canonical encoding, which holds no personal data) and
// the hash before it, so the auditor recomputes the leaf rather than trusting it.
type InclusionProof struct {
	Seq      int64    `json:"seq"`       // the entry; its leaf index is Seq-1
	TreeSize int64    `json:"tree_size"` // the checkpoint's size
	Entry    []byte   `json:"entry"`     // canonical encoding
	Prev     []byte   `json:"prev"`      // the previous entry's hash
	Path     [][]byte `json:"path"`      // RFC 6962 audit path, leaf to root
}

// ConsistencyProof shows that the tree of NewSize extends the tree of OldSize.
type ConsistencyProof struct {
	OldSize int64    `json:"old_size"`
	NewSize int64    `json:"new_size"`
	Path    [][]byte `json:"path"`
}

const (
	inclusionFormat   = "jikimi-audit-inclusion/1"
	consistencyFormat = "jikimi-audit-consistency/1"
	maxProofFile      = 1 << 16
)

// LeafHash is the RFC 6962 leaf hash of the proven entry.
func (p *InclusionProof) LeafHash() []byte { return leafHash(entryHashOf(p.Prev, p.Entry)) }

// Decoded is the proven entry's fields, with its sequence number.
func (p *InclusionProof) Decoded() (Entry, error) {
	e, err := decodeEntry(p.Entry)
	e.Seq = p.Seq
	return e, err
}

// Marshal is the proof file: JSON with a format tag, hashes in base64.
func (p *InclusionProof) Marshal() []byte {
	return marshalProof(struct {
		Format string `json:"format"`
		*InclusionProof
	}{inclusionFormat, p})
}

// Marshal is the proof file: JSON with a format tag, hashes in base64.
func (p *ConsistencyProof) Marshal() []byte {
	return marshalProof(struct {
		Format string `json:"format"`
		*ConsistencyProof
	}{consistencyFormat, p})
}

func marshalProof(v any) []byte {
	b, _ := json.MarshalIndent(v, "", "  ") // plain structs always marshal
	return append(b, '\n')
}

// ParseInclusionProof reads a proof file written by Marshal.
func ParseInclusionProof(b []byte) (*InclusionProof, error) {
	var p InclusionProof
	if err := parseProof(b, inclusionFormat, &p); err != nil {
		return nil, err
	}
	if p.Seq < 1 || p.Seq > p.TreeSize || len(p.Prev) != 32 || !hashes(p.Path) {
		return nil, errs.E(errs.Invalid, "audit: the inclusion proof's fields are out of range")
	}
	return &p, nil
}

// ParseConsistencyProof reads a proof file written by Marshal.
func ParseConsistencyProof(b []byte) (*ConsistencyProof, error) {
	var p ConsistencyProof
	if err := parseProof(b, consistencyFormat, &p); err != nil {
		return nil, err
	}
	if p.OldSize < 0 || p.OldSize > p.NewSize || !hashes(p.Path) {
		return nil, errs.E(errs.Invalid, "audit: the consistency proof's fields are out of range")
	}
	return &p, nil
}

func parseProof(b []byte, format string, into any) error {
	var tag struct {
		Format string `json:"format"`
	}
	if len(b) > maxProofFile || json.Unmarshal(b, &tag) != nil || tag.Format != format {
		return errs.E(errs.Invalid, "audit: not a %s proof file", format)
	}
	if err := json.Unmarshal(b, into); err != nil {
		return errs.E(errs.Invalid, "audit: malformed %s proof file", format)
	}
	return nil
}

func hashes(hs [][]byte) bool {
	for _, h := range hs {
		if len(h) != 32 {
			return false
		}
	}
	return len(hs) <= 64
}

// VerifyInclusion checks, with the trusted keys and the two files alone,
// that the proof's entry is in the tree of the signed checkpoint.
func VerifyInclusion(t *Trust, checkpointNote, proofFile []byte) error {
	cp, err := t.Checkpoint(checkpointNote)
	if err != nil {
		return err
	}
	p, err := ParseInclusionProof(proofFile)
	if err != nil {
		return err
	}
	if p.TreeSize != cp.Size {
		return errs.E(errs.Invalid, "audit: the proof is for a tree of %d entries, the checkpoint for %d", p.TreeSize, cp.Size)
	}
	if _, err := p.Decoded(); err != nil {
		return err
	}
	if err := proof.VerifyInclusion(hasher, uint64(p.Seq-1), uint64(cp.Size), p.LeafHash(), p.Path, cp.Root); err != nil {
		return errs.Wrap(errs.Invalid, err, "audit: entry %d is not in the checkpoint's tree", p.Seq)
	}
	return nil
}

// VerifyConsistency checks, with the trusted keys and the three files
// alone, that the newer checkpoint's tree extends the older one's: nothing
// the older checkpoint covered was changed or removed since.
func VerifyConsistency(t *Trust, olderNote, newerNote, proofFile []byte) error {
	older, err := t.Checkpoint(olderNote)
	if err != nil {
		return err
	}
	newer, err := t.Checkpoint(newerNote)
	if err != nil {
		return err
	}
	p, err := ParseConsistencyProof(proofFile)
	if err != nil {
		return err
	}
	if p.OldSize != older.Size || p.NewSize != newer.Size {
		return errs.E(errs.Invalid, "audit: the proof runs from %d to %d entries, the checkpoints are of %d and %d", p.OldSize, p.NewSize, older.Size, newer.Size)
	}
	if err := proof.VerifyConsistency(hasher, uint64(older.Size), uint64(newer.Size), p.Path, older.Root, newer.Root); err != nil {
		return errs.Wrap(errs.Invalid, err, "audit: the newer checkpoint does not extend the older one")
	}
	return nil
}
