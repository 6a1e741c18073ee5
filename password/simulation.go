package password

import "io"

// simulationParams are far below the OWASP floor: 64 KiB, one pass.
func simulationParams() Params {
	p := MinParams()
	p.Memory, p.Time = 64, 1
	return p
}

// NewSimulationHasher is a Hasher below MinParams, for the compliance
// simulator only (jikimi simulate), which signs up tens of thousands of
// synthetic people to measure retention, not password hashing: Argon2id
// with 64 KiB and one pass instead of 19 MiB and two. Its hashes are weak
// by design, so nothing that serves people may use it: the internal/arch
// test allows it in cmd/jikimi/simulatecmd.go alone. Verify still accepts
// only what NewHasher's bounds accept, and reports these hashes as due for
// rehashing under any product Hasher.
func NewSimulationHasher(maxConcurrent int, random io.Reader) *Hasher {
	h := NewHasher(MinParams(), maxConcurrent, random)
	h.params = simulationParams()
	return h
}
