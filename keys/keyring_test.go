package keys

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/errs"
)

func TestGenerateWritesAPrivateFileThatLoads(t *testing.T) {
	t.Parallel()
	k, path := newTestKeyring(t, 1)
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", info.Mode(), err)
	}
	if k.CurrentKEKID() != "kek-2026-11-23-1" {
		t.Fatalf("current KEK %q", k.CurrentKEKID())
	}
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !sameKeyring(k, loaded) {
		t.Fatal("loaded keyring differs from the generated one")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".keyring-*")); len(leftovers) > 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}

// sameKeyring compares two keyrings by their file content.
func sameKeyring(a, b *Keyring) bool { return checksum(a.body()) == checksum(b.body()) }

func TestGenerateRefusesToOverwrite(t *testing.T) {
	t.Parallel()
	_, path := newTestKeyring(t, 1)
	before, _ := os.ReadFile(path)
	_, err := Generate(path, clock.NewFake(day), detRand(2))
	if errs.Code(err) != errs.Conflict || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("err = %v; want a conflict", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the existing keyring was changed")
	}
}

func TestGenerateConcurrentlyOneWins(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "keyring.json")
	var wg sync.WaitGroup
	results := make([]error, 8)
	for i := range results {
		wg.Go(func() { _, results[i] = Generate(path, clock.NewFake(day), detRand(uint64(i))) })
	}
	wg.Wait()
	won := 0
	for _, err := range results {
		if err == nil {
			won++
		} else if errs.Code(err) != errs.Conflict {
			t.Errorf("unexpected error %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d generators succeeded; want exactly 1", won)
	}
}

func TestGenerateNeedsRandomness(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "keyring.json")
	if _, err := Generate(path, clock.NewFake(day), strings.NewReader("too short")); err == nil {
		t.Fatal("Generate succeeded without enough randomness")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a keyring file was left: %v", err)
	}
}

func TestLoadOrGenerate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "keyring.json")
	first, err := LoadOrGenerate(path, clock.NewFake(day), detRand(1))
	if err != nil {
		t.Fatal(err)
	}
	second, err := LoadOrGenerate(path, clock.NewFake(day), detRand(2))
	if err != nil || !sameKeyring(first, second) {
		t.Fatalf("second start did not load the first keyring: %v", err)
	}
	os.WriteFile(path, []byte("{"), 0o600)
	if _, err := LoadOrGenerate(path, clock.NewFake(day), detRand(3)); !strings.Contains(fmt.Sprint(err), "corrupted") {
		t.Fatalf("a corrupted keyring was not refused: %v", err)
	}
}

func TestLoadRefusesMissingOrOpenFiles(t *testing.T) {
	t.Parallel()
	_, path := newTestKeyring(t, 1)
	if _, err := Load(path + ".missing"); errs.Code(err) != errs.NotFound {
		t.Fatalf("missing file: %v", err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); errs.Code(err) != errs.Forbidden {
		t.Fatalf("group-readable file: %v", err)
	}
}

func TestLoadRefusesCorruptKeyrings(t *testing.T) {
	t.Parallel()
	k, path := newTestKeyring(t, 1)
	good, _ := os.ReadFile(path)
	keyAt := bytes.Index(good, []byte(`"key": "`)) + len(`"key": "`) + 5
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"byte flipped in a KEK", flipByte(good, keyAt), "checksum mismatch"},
		{"truncated", good[:len(good)/2], "truncated"},
		{"truncated by three", good[:len(good)-3], "truncated"},
		{"empty", nil, "empty file"},
		{"not JSON", []byte("kek-2026-11-23-1 = AAAA"), "not valid JSON"},
		{"JSON array", []byte("[]"), "cannot unmarshal"},
		{"trailing data", append(bytes.Clone(good), []byte("{}")...), "data after the JSON document"},
		{"unknown field", bytes.Replace(good, []byte(`"format"`), []byte(`"formats"`), 1), "unknown field"},
		{"no checksum", regexp.MustCompile(`"sha256": "\w+"`).ReplaceAll(good, []byte(`"sha256": ""`)), "checksum mismatch"},
		{"wrong format", withBody(t, k, func(b *fileBody) { b.Format = "jikimi-keyring/0" }), "format"},
		{"short KEK", withBody(t, k, func(b *fileBody) { b.KEKs[0].Key = b.KEKs[0].Key[:16] }), "not 32 bytes"},
		{"no KEKs", withBody(t, k, func(b *fileBody) { b.KEKs = nil }), "current KEK"},
		{"repeated KEK", withBody(t, k, func(b *fileBody) { b.KEKs = append(b.KEKs, b.KEKs[0]) }), "repeated ID"},
		{"current missing", withBody(t, k, func(b *fileBody) { b.CurrentKEK = "kek-x" }), "current KEK"},
		{"short blind root", withBody(t, k, func(b *fileBody) { b.BlindIndexRoot = nil }), "blind-index root"},
		{"short seed", withBody(t, k, func(b *fileBody) { b.SigningKeySeed = b.SigningKeySeed[1:] }), "seed"},
		{"public key mismatch", withBody(t, k, func(b *fileBody) { b.SigningPublicKey = make([]byte, 32) }), "public key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := filepath.Join(t.TempDir(), "keyring.json")
			os.WriteFile(p, tt.data, 0o600)
			got, err := Load(p)
			want := "keyring " + p + ": corrupted: "
			if got != nil || errs.Code(err) != errs.Internal || !strings.HasPrefix(fmt.Sprint(err), want) ||
				!strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("Load = %v; want %q...%q", err, want, tt.reason)
			}
			checkNoKeyMaterial(t, k, err.Error())
		})
	}
}

func flipByte(b []byte, i int) []byte {
	out := bytes.Clone(b)
	out[i] ^= 0x01
	return out
}

// withBody encodes k's body after change, with a fresh checksum, as a
// hand-edited but well-formed file would be.
func withBody(t *testing.T, k *Keyring, change func(*fileBody)) []byte {
	t.Helper()
	b := k.body()
	b.KEKs = append([]fileKEK(nil), b.KEKs...)
	change(b)
	out, err := json.Marshal(keyringFile{fileBody: *b, SHA256: checksum(b)})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkNoKeyMaterial fails if msg holds any of k's keys in the file's
// base64 or in hex.
func checkNoKeyMaterial(t *testing.T, k *Keyring, msg string) {
	t.Helper()
	b := k.body()
	secrets := [][]byte{b.BlindIndexRoot, b.SigningKeySeed}
	for _, e := range b.KEKs {
		secrets = append(secrets, e.Key)
	}
	for _, s := range secrets {
		enc, _ := json.Marshal(s)
		if strings.Contains(msg, strings.Trim(string(enc), `"`)[:12]) || strings.Contains(msg, fmt.Sprintf("%x", s)[:12]) {
			t.Fatalf("message holds key material: %s", msg)
		}
	}
}

// Every single-bit flip anywhere in the file is either refused as corrupted
// or changes nothing that matters (JSON white space, key-name case, unused
// base64 padding bits): a keyring is never half-used.
func TestLoadEveryBitFlipIsRefusedOrHarmless(t *testing.T) {
	t.Parallel()
	k, path := newTestKeyring(t, 1)
	good, _ := os.ReadFile(path)
	dir := t.TempDir()
	for i := range good {
		for _, bit := range []byte{0x01, 0x20} {
			bad := bytes.Clone(good)
			bad[i] ^= bit
			p := filepath.Join(dir, fmt.Sprintf("k%d-%d.json", i, bit))
			os.WriteFile(p, bad, 0o600)
			got, err := Load(p)
			if err == nil && !sameKeyring(got, k) {
				t.Fatalf("byte %d ^ %#x: loaded a different keyring", i, bit)
			}
			if err != nil && !strings.Contains(err.Error(), ": corrupted: ") {
				t.Fatalf("byte %d ^ %#x: %v", i, bit, err)
			}
		}
	}
}

func TestRotate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k, path := newTestKeyring(t, 1)
	clk := clock.NewFake(day)
	before, oldID, _ := k.Wrap(ctx, []byte("dek wrapped before rotation....."), []byte("subj-1"))
	for _, want := range []string{"kek-2026-11-23-2", "kek-2026-11-23-3"} {
		if err := k.Rotate(path, clk, detRand(9)); err != nil || k.CurrentKEKID() != want {
			t.Fatalf("Rotate: current %q, %v; want %q", k.CurrentKEKID(), err, want)
		}
	}
	clk.Advance(24 * time.Hour)
	if err := k.Rotate(path, clk, detRand(10)); err != nil || k.CurrentKEKID() != "kek-2026-11-24-1" {
		t.Fatalf("next day: current %q, %v", k.CurrentKEKID(), err)
	}
	loaded, err := Load(path)
	if err != nil || !sameKeyring(k, loaded) {
		t.Fatalf("the rotated file does not load as the rotated keyring: %v", err)
	}
	for name, kr := range map[string]*Keyring{"in memory": k, "reloaded": loaded} {
		if dek, err := kr.Unwrap(ctx, before, oldID, []byte("subj-1")); err != nil || string(dek) != "dek wrapped before rotation....." {
			t.Errorf("%s: old wrapped key does not unwrap: %v", name, err)
		}
		if _, id, _ := kr.Wrap(ctx, []byte("new dek"), nil); id != "kek-2026-11-24-1" {
			t.Errorf("%s: new wrap used %q", name, id)
		}
	}
}

func TestRotateFailureChangesNothing(t *testing.T) {
	t.Parallel()
	k, path := newTestKeyring(t, 1)
	before := checksum(k.body())
	bad := filepath.Join(t.TempDir(), "no-such-dir", "keyring.json")
	if err := k.Rotate(bad, clock.NewFake(day), detRand(2)); errs.Code(err) != errs.Unavailable {
		t.Fatalf("Rotate to a missing directory: %v", err)
	}
	if err := k.Rotate(path, clock.NewFake(day), strings.NewReader("")); err == nil {
		t.Fatal("Rotate without randomness succeeded")
	}
	if checksum(k.body()) != before || k.CurrentKEKID() != "kek-2026-11-23-1" {
		t.Fatal("a failed rotation changed the keyring")
	}
}

func TestRotateWhileWrapping(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k, path := newTestKeyring(t, 1)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for range 50 {
				w, id, err := k.Wrap(ctx, []byte("dek"), []byte{byte(i)})
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := k.Unwrap(ctx, w, id, []byte{byte(i)}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	for range 5 {
		if err := k.Rotate(path, clock.NewFake(day), detRand(3)); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
}

func TestSigningKey(t *testing.T) {
	t.Parallel()
	k, _ := newTestKeyring(t, 1)
	other, _ := newTestKeyring(t, 2)
	msg := []byte("checkpoint 42")
	sig := ed25519.Sign(k.SigningKey(), msg)
	if !ed25519.Verify(k.PublicKey(), msg, sig) {
		t.Fatal("signature does not verify with PublicKey")
	}
	if ed25519.Verify(other.PublicKey(), msg, sig) {
		t.Fatal("signature verifies under another keyring's key")
	}
	Zero(k.SigningKey())
	if !ed25519.Verify(k.PublicKey(), msg, ed25519.Sign(k.SigningKey(), msg)) {
		t.Fatal("zeroing the returned key changed the keyring")
	}
}

func TestKeysNeverPrint(t *testing.T) {
	t.Parallel()
	k, _ := newTestKeyring(t, 1)
	b := k.BlindIndexer()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
		for _, tc := range []struct {
			v    any
			want string
		}{{k, "keys.Keyring(redacted)"}, {b, "keys.BlindIndexer(redacted)"}, {*b, "keys.BlindIndexer(redacted)"}} {
			if out := fmt.Sprintf(verb, tc.v); out != tc.want {
				t.Errorf("%s of %T prints %q", verb, tc.v, out)
			}
		}
	}
	//lint:ignore SA9005 the point: a keyring marshals to nothing
	if out, _ := json.Marshal(k); string(out) != "{}" {
		t.Errorf("JSON of a keyring: %s", out)
	}
}
