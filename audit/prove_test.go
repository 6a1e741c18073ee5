package audit

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"

	"jikimi/errs"
)

func TestInclusionProofsOfEveryEntry(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		var cps []*Checkpoint
		for _, n := range []int{1, 6, 10, 17, 40} { // 1, 7, 17, 34, 74 entries
			e.append(t, samples(n)...)
			cps = append(cps, e.checkpoint(t))
		}
		pub := e.log.Trust()
		for _, cp := range cps {
			for seq := int64(1); seq <= cp.Size; seq++ {
				p, err := e.log.Prove(ctx, seq, cp)
				if err != nil {
					t.Fatalf("Prove(%d, size %d): %v", seq, cp.Size, err)
				}
				if err := VerifyInclusion(pub, cp.Note, p.Marshal()); err != nil {
					t.Fatalf("VerifyInclusion(%d, size %d): %v", seq, cp.Size, err)
				}
			}
		}
	})
}

func TestInclusionProofCarriesTheEntry(t *testing.T) {
	e := newEnv(t, openSQLite)
	want := sample(3)
	want.Action, want.DownloadReason, want.Records = Download, "분기 통계 보고", 120
	e.append(t, sample(1), want, sample(2))
	p, err := e.log.Prove(ctx, 2, e.checkpoint(t))
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := ParseInclusionProof(p.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	got, err := parsed.Decoded()
	if err != nil {
		t.Fatal(err)
	}
	want.Seq, want.Time = 2, epoch
	if got.Seq != 2 || got.Subject != want.Subject || got.DownloadReason != want.DownloadReason || got.Records != 120 || !got.Time.Equal(epoch) {
		t.Fatalf("proof's entry %+v, want %+v", got, want)
	}
}

func TestVerifyInclusionRefuses(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.append(t, samples(20)...)
	cp := e.checkpoint(t)
	p, err := e.log.Prove(ctx, 7, cp)
	if err != nil {
		t.Fatal(err)
	}
	pub := e.log.Trust()
	other, _ := TrustKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, 32)).Public().(ed25519.PublicKey))
	e.append(t, sample(21))
	newer := e.checkpoint(t)
	for name, tt := range map[string]struct {
		pub         *Trust
		note, proof []byte
	}{
		"OtherKey":         {other, cp.Note, p.Marshal()},
		"OtherCheckpoint":  {pub, newer.Note, p.Marshal()},
		"ChangedEntry":     {pub, cp.Note, changed(p, func(p *InclusionProof) { p.Entry[len(p.Entry)-1] ^= 1 })},
		"ChangedPath":      {pub, cp.Note, changed(p, func(p *InclusionProof) { p.Path[0][0] ^= 1 })},
		"OtherIndex":       {pub, cp.Note, changed(p, func(p *InclusionProof) { p.Seq = 8 })},
		"NotAProof":        {pub, cp.Note, []byte(`{"format":"something else"}`)},
		"ConsistencyProof": {pub, cp.Note, (&ConsistencyProof{OldSize: 1, NewSize: 20}).Marshal()},
	} {
		t.Run(name, func(t *testing.T) {
			if err := VerifyInclusion(tt.pub, tt.note, tt.proof); errs.Code(err) != errs.Invalid {
				t.Fatalf("VerifyInclusion = %v, want invalid", err)
			}
		})
	}
}

// changed is p's file after change, leaving p as it was.
func changed(p *InclusionProof, change func(*InclusionProof)) []byte {
	c, _ := ParseInclusionProof(p.Marshal())
	change(c)
	return c.Marshal()
}

func TestProveRefuses(t *testing.T) {
	e := newEnv(t, openSQLite)
	if _, err := e.log.Prove(ctx, 1, nil); errs.Code(err) != errs.NotFound {
		t.Fatalf("Prove without a checkpoint = %v", err)
	}
	e.append(t, samples(5)...)
	cp := e.checkpoint(t)
	for _, seq := range []int64{0, 6, -1} {
		if _, err := e.log.Prove(ctx, seq, cp); errs.Code(err) != errs.Invalid {
			t.Fatalf("Prove(%d) = %v", seq, err)
		}
	}
	e.alter(t, 2, func(x *Entry) { x.Purpose = "marketing" })
	if _, err := e.log.Prove(ctx, 2, cp); errs.Code(err) != errs.Internal {
		t.Fatalf("Prove of a tampered entry = %v, want internal", err)
	}
}

func TestConsistencyBetweenCheckpoints(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		var cps []*Checkpoint
		cps = append(cps, e.checkpoint(t)) // empty
		for _, n := range []int{1, 3, 4, 8, 13, 35} {
			e.append(t, samples(n)...)
			cps = append(cps, e.checkpoint(t))
		}
		pub := e.log.Trust()
		for i, older := range cps {
			for _, newer := range cps[i:] {
				p, err := e.log.ProveConsistency(ctx, older, newer)
				if err != nil {
					t.Fatalf("ProveConsistency(%d, %d): %v", older.Size, newer.Size, err)
				}
				if err := VerifyConsistency(pub, older.Note, newer.Note, p.Marshal()); err != nil {
					t.Fatalf("VerifyConsistency(%d, %d): %v", older.Size, newer.Size, err)
				}
			}
		}
	})
}

func TestVerifyConsistencyRefusesAForkedLog(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.append(t, samples(10)...)
	older := e.checkpoint(t)
	e.append(t, samples(10)...)
	newer := e.checkpoint(t)
	p, err := e.log.ProveConsistency(ctx, older, newer)
	if err != nil {
		t.Fatal(err)
	}
	// A second log with different entries, signed by the same key: its
	// checkpoint of 20 does not extend the first log's checkpoint of 10.
	f := newEnv(t, openSQLite)
	f.append(t, samples(9)...)
	f.append(t, sample(77))
	f.append(t, samples(10)...)
	forked := f.checkpoint(t)
	if err := VerifyConsistency(e.log.Trust(), older.Note, forked.Note, p.Marshal()); errs.Code(err) != errs.Invalid {
		t.Fatalf("VerifyConsistency against a forked checkpoint = %v", err)
	}
	if err := VerifyConsistency(e.log.Trust(), newer.Note, older.Note, p.Marshal()); errs.Code(err) != errs.Invalid {
		t.Fatalf("VerifyConsistency with the checkpoints swapped = %v", err)
	}
}

func TestVerifyCheckpointRefuses(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.append(t, samples(3)...)
	note := string(e.checkpoint(t).Note)
	pub := key.Public().(ed25519.PublicKey)
	for name, bad := range map[string]string{
		"Empty":          "",
		"NoSignature":    strings.SplitAfter(note, "\n\n")[0],
		"OtherSize":      strings.Replace(note, "\n3\n", "\n4\n", 1),
		"OtherOrigin":    strings.Replace(note, "jikimi access log", "jikimi access lag", 1),
		"OtherKeyName":   strings.Replace(note, "— jikimi-access-log", "— someone-else", 1),
		"ExtraLine":      strings.Replace(note, "\n\n", "\nextra\n\n", 1),
		"TooLong":        note + strings.Repeat("x", maxNote),
		"MissingNewline": strings.TrimSuffix(note, "\n"),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := VerifyCheckpoint(pub, []byte(bad)); errs.Code(err) != errs.Invalid {
				t.Fatalf("VerifyCheckpoint = %v, want invalid", err)
			}
		})
	}
	if _, err := VerifyCheckpoint(pub[:10], []byte(note)); errs.Code(err) != errs.Invalid {
		t.Fatalf("VerifyCheckpoint with a short key = %v", err)
	}
}

func FuzzVerifyCheckpoint(f *testing.F) {
	sk, _ := SigningKeyFrom(key)
	cp, _ := signCheckpoint(sk.Signer, 3, make([]byte, 32), epoch, 1)
	f.Add(cp.Note)
	f.Add([]byte("jikimi access log\n1\n\n\n— x y\n"))
	pub := key.Public().(ed25519.PublicKey)
	f.Fuzz(func(t *testing.T, note []byte) {
		got, err := VerifyCheckpoint(pub, note)
		if err == nil && (got.Size < 0 || len(got.Root) != 32) {
			t.Fatalf("accepted %q as %+v", note, got)
		}
	})
}

func FuzzParseProofs(f *testing.F) {
	f.Add((&InclusionProof{Seq: 1, TreeSize: 1, Entry: []byte{1}, Prev: make([]byte, 32)}).Marshal())
	f.Add((&ConsistencyProof{OldSize: 1, NewSize: 2, Path: [][]byte{make([]byte, 32)}}).Marshal())
	f.Fuzz(func(t *testing.T, b []byte) {
		if p, err := ParseInclusionProof(b); err == nil {
			p.Decoded()
			_ = p.LeafHash()
		}
		ParseConsistencyProof(b)
	})
}

// A larger tree exercises the stored levels (4, 8) and the folding between them.
func TestInclusionProofsInALargerTree(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		var cps []*Checkpoint
		for _, n := range []int{1000, 777, 2300} {
			e.append(t, samples(n)...)
			cps = append(cps, e.checkpoint(t))
		}
		for _, cp := range cps {
			for seq := int64(1); seq <= cp.Size; seq += 97 {
				p, err := e.log.Prove(ctx, seq, cp)
				if err != nil {
					t.Fatalf("Prove(%d, size %d): %v", seq, cp.Size, err)
				}
				if err := VerifyInclusion(e.log.Trust(), cp.Note, p.Marshal()); err != nil {
					t.Fatalf("VerifyInclusion(%d, size %d): %v", seq, cp.Size, err)
				}
			}
		}
		p, err := e.log.ProveConsistency(ctx, cps[0], cps[2])
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifyConsistency(e.log.Trust(), cps[0].Note, cps[2].Note, p.Marshal()); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzParseTrust(f *testing.F) {
	sk, _ := SigningKeyFrom(key)
	f.Add([]byte(sk.VKey + " from=2026-01-01T00:00:00Z until=2027-01-01T00:00:00Z\n# comment\n"))
	f.Add([]byte("x+y+z until=never\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if tr, err := ParseTrust(b); err == nil {
			if _, err := ParseTrust(tr.Marshal()); err != nil {
				t.Fatalf("%q: its own file does not parse: %v", b, err)
			}
		}
	})
}
