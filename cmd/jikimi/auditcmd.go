package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/keys"
	"jikimi/store"
)

const auditUsage = `usage: jikimi audit COMMAND [flags]
  verify                                    check the whole access log (exit 1 naming the first bad entry)
  verify [--trusted-checkpoint F [--public-key F] [--witness-key F]]
                                            ... and fail unless the log extends that checkpoint (default: the last published)
  verify --checkpoint F --public-key F [--witness-key F] [--proof F [--old-checkpoint F]]
                                            check files alone: a checkpoint, an inclusion or a consistency proof
  export-checkpoint [--size N] [--out F]    sign the latest entries and write the checkpoint note
  export-public-key [--trusted] [--out F]   write the key auditors verify checkpoints with (note verifier key)
  rotate-key                                a new signing key; the old one stays trusted for what it signed
  prove ENTRY [--checkpoint F] [--out F]    inclusion proof of entry ENTRY
  prove --from OLD_CHECKPOINT [--out F]     consistency proof from an older checkpoint to the latest
  inspect --month YYYY-MM [--format text|md] [--bulk N] [--hours 8-20] [--holidays D,D] [--out F]
                                            the monthly inspection report`

func runAudit(ctx context.Context, e env, args []string) error {
	cmds := map[string]func(context.Context, env, []string) error{
		"verify": auditVerify, "export-checkpoint": auditExportCheckpoint, "export-public-key": auditExportPublicKey,
		"prove": auditProve, "inspect": auditInspect, "rotate-key": auditRotateKey,
	}
	if len(args) == 0 || cmds[args[0]] == nil {
		return exitError{2, auditUsage}
	}
	return cmds[args[0]](ctx, e, args[1:])
}

// auditLog is the access log of the store, keyring and audit keys the
// flags name. The keyring must exist: the log is a system's, not a new one.
func auditLog(ctx context.Context, cfg *Config) (*audit.Log, func(), error) {
	ring, err := keys.Load(cfg.keyringPath())
	if err != nil {
		return nil, nil, fmt.Errorf("audit: read the keyring %s: %w", cfg.keyringPath(), err)
	}
	st, err := cfg.openStore(ctx, clock.System{})
	if err != nil {
		return nil, nil, err
	}
	// No Resume: these commands must also examine a log that was rolled
	// back. Verify fails it against the published checkpoint, and signing
	// refuses it.
	l, err := auditLogWithKeys(ctx, st.SQL(), ring, cfg.auditKeysDir(), clock.System{})
	if err == nil {
		err = l.LoadPublished()
	}
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return l, func() { st.Close() }, nil
}

// openAuditLog is the access log with its keys from the audit-keys folder
// (created on first use), refusing a database that does not extend the
// last checkpoint it published.
func openAuditLog(ctx context.Context, sql store.SQL, ring *keys.Keyring, dir string, clk clock.Clock) (*audit.Log, error) {
	l, err := auditLogWithKeys(ctx, sql, ring, dir, clk)
	if err != nil {
		return nil, err
	}
	if err := l.Resume(ctx); err != nil {
		return nil, fmt.Errorf("refusing to start: %w", err)
	}
	return l, nil
}

// auditLogWithKeys is the access log configured from the audit-keys folder.
func auditLogWithKeys(ctx context.Context, sql store.SQL, ring *keys.Keyring, dir string, clk clock.Clock) (*audit.Log, error) {
	k, err := loadAuditKeys(ctx, dir, sql, ring, clk)
	if err != nil {
		return nil, err
	}
	l := audit.New(sql, nil, clk)
	return l, l.Configure(k.options())
}

// parseAll parses flags placed before and after positional arguments.
func parseAll(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

// output writes b to the file out, or to stdout when out is empty.
func output(e env, out string, b []byte) error {
	if out == "" {
		_, err := e.stdout.Write(b)
		return err
	}
	return os.WriteFile(out, b, 0o644)
}

func readFlagFile(name, path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read --%s: %w", name, err)
	}
	return b, nil
}

// auditCommand is an audit subcommand: the configuration's flags and its own.
type auditCommand struct {
	fs  *flag.FlagSet
	cfg *Config
}

func newAuditCommand(e env, name string) *auditCommand {
	fs := newFlags("audit "+name, e)
	return &auditCommand{fs: fs, cfg: addConfig(fs, e, systemScope)}
}

// run parses args and runs fn on the access log the configuration names.
func (a *auditCommand) run(ctx context.Context, args []string, fn func(l *audit.Log) error) error {
	if err := a.cfg.parse(a.fs, args); err != nil {
		return err
	}
	l, done, err := auditLog(ctx, a.cfg)
	if err != nil {
		return err
	}
	defer done()
	return fn(l)
}

// auditExportPublicKey writes the current signing key's verifier key
// (<name>+<hash>+<base64 key>, what note.NewVerifier reads), or with
// --trusted every trusted key with its period.
func auditExportPublicKey(ctx context.Context, e env, args []string) error {
	a := newAuditCommand(e, "export-public-key")
	out := a.fs.String("out", "", "file to write (default: standard output)")
	all := a.fs.Bool("trusted", false, "write every trusted key with its validity period (after a rotation)")
	return a.run(ctx, args, func(l *audit.Log) error {
		if *all {
			return output(e, *out, l.Trust().Marshal())
		}
		return output(e, *out, []byte(l.VerifierKey()+"\n"))
	})
}

// auditRotateKey replaces the signing key; the old one stays trusted for
// the checkpoints it signed.
func auditRotateKey(ctx context.Context, e env, args []string) error {
	a := newAuditCommand(e, "rotate-key")
	return a.run(ctx, args, func(l *audit.Log) error {
		if _, err := l.Checkpoint(ctx); err != nil { // the old key signs what it covered
			return err
		}
		k, err := rotateAuditKey(a.cfg.auditKeysDir(), clock.System{})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "new signing key %s; restart the server to use it, and give auditors `jikimi audit export-public-key --trusted`\n", k.VKey)
		return nil
	})
}

func auditExportCheckpoint(ctx context.Context, e env, args []string) error {
	a := newAuditCommand(e, "export-checkpoint")
	out := a.fs.String("out", "", "file to write (default: standard output)")
	size := a.fs.Int64("size", -1, "export the stored checkpoint of this many entries instead of the latest")
	return a.run(ctx, args, func(l *audit.Log) error {
		cp, err := latestOrAt(ctx, l, *size)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "checkpoint of %d entries, signed %s\n", cp.Size, cp.Time.Format(time.RFC3339))
		return output(e, *out, cp.Note)
	})
}

// latestOrAt is the stored checkpoint of size, or with size < 0 a checkpoint
// of everything appended so far.
func latestOrAt(ctx context.Context, l *audit.Log, size int64) (*audit.Checkpoint, error) {
	if size >= 0 {
		return l.CheckpointAt(ctx, size)
	}
	return l.Checkpoint(ctx)
}
