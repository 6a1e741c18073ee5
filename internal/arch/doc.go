// Package arch holds tests that keep the architecture's principles true of
// the whole tree (shared/ARCHITECTURE.md): injected time, package comments,
// and, as the gate lands, that no package but the vault reaches personal
// data. It has no code of its own and must never be imported.
package arch
