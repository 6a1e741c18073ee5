package password

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"jikimi/errs"
)

// Params are Argon2id's cost parameters and output sizes.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// MinParams is the OWASP minimum for Argon2id: 19 MiB, 2 passes, 1 lane,
// with a 16-byte salt and a 32-byte key.
func MinParams() Params {
	return Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// clamp raises every field of p to MinParams where lower and lowers it to
// what decode accepts where higher.
func (p Params) clamp() Params {
	floor := MinParams()
	return Params{
		Memory:  min(max(p.Memory, floor.Memory), maxMemory),
		Time:    min(max(p.Time, floor.Time), maxTime),
		Threads: max(p.Threads, floor.Threads),
		SaltLen: min(max(p.SaltLen, floor.SaltLen), maxSaltLen),
		KeyLen:  min(max(p.KeyLen, floor.KeyLen), maxKeyLen),
	}
}

// weakerThan says whether a hash made with p should be redone with want.
// Lanes are left out: more or fewer lanes make a hash neither weaker nor
// stronger.
func (p Params) weakerThan(want Params) bool {
	return p.Memory < want.Memory || p.Time < want.Time || p.SaltLen < want.SaltLen || p.KeyLen < want.KeyLen
}

// phcVersion is Argon2 version 1.3, the only one x/crypto implements.
const phcVersion = 19

var b64 = base64.RawStdEncoding.Strict()

// encode writes the PHC string $argon2id$v=19$m=M,t=T,p=P$SALT$HASH.
func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		phcVersion, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Bounds on what decode accepts, so a stored hash cannot demand absurd work
// or carry a trivially short salt or key.
const (
	maxMemory             = 1 << 20 // KiB: 1 GiB
	maxTime               = 64
	minSalt, minKey       = 8, 16
	maxSaltLen, maxKeyLen = 1024, 1024
)

func malformed() error { return errs.E(errs.Invalid, "malformed password hash") }

// decode parses a PHC string made by encode (or another Argon2id
// implementation with the same format).
func decode(encoded string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", phcVersion) {
		return Params{}, nil, nil, malformed()
	}
	p, ok := parseCosts(parts[3])
	salt, errS := b64.DecodeString(parts[4])
	key, errK := b64.DecodeString(parts[5])
	if !ok || errS != nil || errK != nil || !sizesOK(len(salt), len(key)) {
		return Params{}, nil, nil, malformed()
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

func sizesOK(salt, key int) bool {
	return salt >= minSalt && salt <= maxSaltLen && key >= minKey && key <= maxKeyLen
}

// parseCosts reads "m=M,t=T,p=P" in that order.
func parseCosts(s string) (Params, bool) {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return Params{}, false
	}
	m, okM := parseField(fields[0], "m=", maxMemory)
	t, okT := parseField(fields[1], "t=", maxTime)
	l, okP := parseField(fields[2], "p=", 255)
	if !okM || !okT || !okP || m < 8*l { // Argon2 needs 8 KiB per lane
		return Params{}, false
	}
	return Params{Memory: m, Time: t, Threads: uint8(l)}, true
}

// parseField reads name followed by a decimal in 1..limit.
func parseField(s, name string, limit uint64) (uint32, bool) {
	digits, ok := strings.CutPrefix(s, name)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || n < 1 || n > limit {
		return 0, false
	}
	return uint32(n), true
}
