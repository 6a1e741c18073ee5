package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"golang.org/x/mod/sumdb/note"

	"jikimi/audit"
	"jikimi/audit/witness"
)

const witnessUsage = `usage: jikimi witness serve --key F --state F --log-keys F [--name NAME] [--addr HOST:PORT]
  a witness of another institution's access log: cosigns a checkpoint only when the log's key signed it
  and it is consistent with the last one cosigned. --key is created on first start; its verifier key is
  printed (give it to the log's operator for their witnesses file and to auditors). --log-keys is the
  log's verifier key or trusted keys (jikimi audit export-public-key [--trusted]).`

func runWitness(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "serve" {
		return exitError{2, witnessUsage}
	}
	fs := newFlags("witness serve", e)
	keyFile := fs.String("key", "", "the witness's signing key file (created on first start, mode 0600)")
	stateFile := fs.String("state", "", "the witness's state file: the last checkpoint it cosigned")
	logKeys := fs.String("log-keys", "", "the log's verifier key or trusted keys file")
	name := fs.String("name", "jikimi-witness", "the witness key's name, on first start")
	addr := fs.String("addr", "127.0.0.1:8090", "HOST:PORT to listen on (port 0 picks a free one)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *keyFile == "" || *stateFile == "" || *logKeys == "" {
		return exitError{2, witnessUsage}
	}
	signer, vkey, err := witnessKey(*keyFile, *name)
	if err != nil {
		return err
	}
	trust, err := readTrust(*logKeys)
	if err != nil {
		return err
	}
	w, err := witness.NewServer(signer, trust, *stateFile)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "witness: verifier key %s\n", vkey)
	return listen(ctx, e, *addr, w.Handler(), slog.New(slog.NewTextHandler(e.stderr, nil)))
}

// witnessKey reads the witness's signing key, creating it on first start.
func witnessKey(path, name string) (note.Signer, string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		skey, _, err := note.GenerateKey(rand.Reader, name)
		if err != nil {
			return nil, "", err
		}
		if err := writeFileAtomic(path, []byte(skey+"\n"), 0o600); err != nil {
			return nil, "", err
		}
		b = []byte(skey)
	} else if err != nil {
		return nil, "", err
	}
	k, err := audit.ParseSigningKey(b)
	if err != nil {
		return nil, "", err
	}
	return k.Signer, k.VKey, nil
}
