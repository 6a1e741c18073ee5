package main

import (
	"context"
	"fmt"
	"strconv"

	"jikimi/audit"
)

// auditProve writes an inclusion proof of one entry, or with --from a
// consistency proof from an older checkpoint to the latest.
func auditProve(ctx context.Context, e env, args []string) error {
	fs := newFlags("audit prove", e)
	cfg := addConfig(fs, e, systemScope)
	out := fs.String("out", "", "file to write (default: standard output)")
	cpFile := fs.String("checkpoint", "", "prove against this checkpoint note (default: a checkpoint of everything so far)")
	from := fs.String("from", "", "an older checkpoint note: write a consistency proof from it")
	pos, err := parseAll(fs, args)
	if err != nil {
		return err
	}
	if err := cfg.complete(fs); err != nil {
		return err
	}
	seq, err := proveArgs(pos, *from)
	if err != nil {
		return err
	}
	l, done, err := auditLog(ctx, cfg)
	if err != nil {
		return err
	}
	defer done()
	cp, err := checkpointFile(ctx, l, *cpFile)
	if err != nil {
		return err
	}
	b, err := proveOne(ctx, l, seq, *from, cp)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "proof against the checkpoint of %d entries (jikimi audit export-checkpoint --size %d)\n", cp.Size, cp.Size)
	return output(e, *out, b)
}

// proveArgs is the entry to prove: exactly one ENTRY, or none with --from.
func proveArgs(pos []string, from string) (int64, error) {
	usage := exitError{2, "usage: jikimi audit prove ENTRY [--checkpoint F] [--out F] | jikimi audit prove --from OLD_CHECKPOINT [--out F]"}
	if len(pos) > 1 || (len(pos) == 1) == (from != "") {
		return 0, usage
	}
	if from != "" {
		return 0, nil
	}
	seq, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return 0, usage
	}
	return seq, nil
}

func proveOne(ctx context.Context, l *audit.Log, seq int64, from string, cp *audit.Checkpoint) ([]byte, error) {
	if from == "" {
		p, err := l.Prove(ctx, seq, cp)
		if err != nil {
			return nil, err
		}
		return p.Marshal(), nil
	}
	old, err := checkpointFile(ctx, l, from)
	if err != nil {
		return nil, err
	}
	p, err := l.ProveConsistency(ctx, old, cp)
	if err != nil {
		return nil, err
	}
	return p.Marshal(), nil
}

// checkpointFile reads and verifies a checkpoint note with the log's key;
// with no file, it signs a checkpoint of everything appended so far.
func checkpointFile(ctx context.Context, l *audit.Log, path string) (*audit.Checkpoint, error) {
	if path == "" {
		return l.Checkpoint(ctx)
	}
	b, err := readFlagFile("checkpoint", path)
	if err != nil {
		return nil, err
	}
	return l.Trust().Checkpoint(b)
}
