package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"jikimi/audit"
)

// auditVerify checks the whole log against a trusted checkpoint (the
// auditor's, or the last one the log published), or with --checkpoint only
// the files given.
func auditVerify(ctx context.Context, e env, args []string) error {
	fs := newFlags("audit verify", e)
	cfg := addConfig(fs, e, systemScope)
	cpFile := fs.String("checkpoint", "", "verify this checkpoint note offline (no database)")
	pubFile := fs.String("public-key", "", "the log's verifier key, or a list of trusted keys (jikimi audit export-public-key [--trusted])")
	witnessFile := fs.String("witness-key", "", "a witness's verifier key: the checkpoint must carry its cosignature")
	proofFile := fs.String("proof", "", "an inclusion proof, or with --old-checkpoint a consistency proof")
	oldFile := fs.String("old-checkpoint", "", "the older checkpoint of a consistency proof")
	trustedFile := fs.String("trusted-checkpoint", "", "a checkpoint the auditor kept: the log must extend it (default: the last one the log published)")
	if err := cfg.parse(fs, args); err != nil {
		return err
	}
	if *cpFile != "" {
		return verifyFiles(e, fileArgs{*cpFile, *pubFile, *proofFile, *oldFile, *witnessFile})
	}
	l, done, err := auditLog(ctx, cfg)
	if err != nil {
		return err
	}
	defer done()
	trusted, err := trustedCheckpoint(l, fileArgs{checkpoint: *trustedFile, pub: *pubFile, witness: *witnessFile})
	if err != nil {
		return err
	}
	r, err := l.VerifyAgainst(ctx, trusted)
	if err != nil {
		return err
	}
	if trusted != nil && r.OK() {
		fmt.Fprintf(e.stdout, "OK: the log extends the trusted checkpoint of %d entries\n", trusted.Size)
	}
	return printReport(e, r)
}

// trustedCheckpoint is the checkpoint the log must extend: the auditor's
// file (checked with their keys, or the log's), or the one last published.
func trustedCheckpoint(l *audit.Log, f fileArgs) (*audit.Checkpoint, error) {
	if f.checkpoint == "" {
		return l.Published(), nil
	}
	trust := l.Trust()
	if f.pub != "" {
		b, err := readFlagFile("public-key", f.pub)
		if err != nil {
			return nil, err
		}
		if trust, err = audit.ParseTrust(b); err != nil {
			return nil, failed(err)
		}
	}
	b, err := readFlagFile("trusted-checkpoint", f.checkpoint)
	if err != nil {
		return nil, err
	}
	cp, err := trust.Checkpoint(b)
	if err == nil {
		err = witnessed(f.witness, b)
	}
	if err != nil {
		return nil, failed(err)
	}
	return cp, nil
}

// witnessed checks note carries the cosignature of the witness whose
// verifier key is in the file path ("" checks nothing).
func witnessed(path string, b []byte) error {
	if path == "" {
		return nil
	}
	k, err := readFlagFile("witness-key", path)
	if err != nil {
		return err
	}
	v, err := note.NewVerifier(strings.TrimSpace(string(k)))
	if err != nil {
		return fmt.Errorf("--witness-key: %w", err)
	}
	if _, err := note.Open(b, note.VerifierList(v)); err != nil {
		return fmt.Errorf("the checkpoint carries no valid cosignature of witness %s", v.Name())
	}
	return nil
}

func printReport(e env, r audit.Report) error {
	if !r.OK() {
		fmt.Fprintf(e.stdout, "FAILED: %s\n", r.FirstBad)
		return exitError{1, fmt.Sprintf("the access log does not verify: entry %d %s", r.FirstBad.Seq, r.FirstBad.Kind)}
	}
	fmt.Fprintf(e.stdout, "OK: entries %d..%d chain, %d checkpoint(s) match their signed roots", r.From, r.To, r.Checkpoints)
	if len(r.Pruned) > 0 {
		fmt.Fprintf(e.stdout, "; %d older checkpoint(s) cover pruned entries (signatures checked)", len(r.Pruned))
	}
	fmt.Fprintln(e.stdout)
	return nil
}

type fileArgs struct{ checkpoint, pub, proof, old, witness string }

// verifyFiles checks what an outside auditor holds, with no database.
func verifyFiles(e env, f fileArgs) error {
	if f.pub == "" || (f.old != "" && f.proof == "") {
		return exitError{2, "usage: jikimi audit verify --checkpoint F --public-key F [--proof F [--old-checkpoint F]]"}
	}
	files := map[string][]byte{}
	for name, path := range map[string]string{"checkpoint": f.checkpoint, "public-key": f.pub, "proof": f.proof, "old-checkpoint": f.old} {
		b, err := readFlagFile(name, path)
		if err != nil {
			return err
		}
		files[name] = b
	}
	pub, err := audit.ParseTrust(files["public-key"])
	if err != nil {
		return failed(err)
	}
	cp, err := pub.Checkpoint(files["checkpoint"])
	if err == nil {
		err = witnessed(f.witness, files["checkpoint"])
	}
	if err != nil {
		return failed(err)
	}
	fmt.Fprintf(e.stdout, "OK: checkpoint of %d entries, root %s, signed %s\n", cp.Size, base64.StdEncoding.EncodeToString(cp.Root), cp.Time.Format(time.RFC3339))
	switch {
	case f.old != "":
		return verifyConsistencyFiles(e, pub, files)
	case f.proof != "":
		return verifyInclusionFiles(e, pub, files)
	}
	return nil
}

func verifyInclusionFiles(e env, pub *audit.Trust, files map[string][]byte) error {
	if err := audit.VerifyInclusion(pub, files["checkpoint"], files["proof"]); err != nil {
		return failed(err)
	}
	p, _ := audit.ParseInclusionProof(files["proof"]) // VerifyInclusion parsed it
	x, _ := p.Decoded()
	fmt.Fprintf(e.stdout, "OK: entry %d is in the checkpoint: %s %s by %s (%s) from %q, subject %q, %s/%s, items %v, %s",
		x.Seq, x.Time.Format(time.RFC3339), x.Action, x.Handler, x.Role, x.Source, x.Subject, x.Service, x.Purpose, x.Items, x.Outcome)
	if x.Reason != "" {
		fmt.Fprintf(e.stdout, " (%s)", x.Reason)
	}
	fmt.Fprintln(e.stdout)
	return nil
}

func verifyConsistencyFiles(e env, pub *audit.Trust, files map[string][]byte) error {
	if err := audit.VerifyConsistency(pub, files["old-checkpoint"], files["checkpoint"], files["proof"]); err != nil {
		return failed(err)
	}
	old, _ := pub.Checkpoint(files["old-checkpoint"]) // VerifyConsistency checked it
	fmt.Fprintf(e.stdout, "OK: the checkpoint extends the older one of %d entries\n", old.Size)
	return nil
}

// failed is a verification failure: exit status 1 with the reason.
func failed(err error) error { return exitError{1, "FAILED: " + err.Error()} }
