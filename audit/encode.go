package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"time"

	"jikimi/errs"
)

// encodingV1 is the first byte of every canonical encoding. A future change
// of fields gets a new version; entries keep the version they were hashed with.
const encodingV1 = 1

// encode appends the canonical encoding of e (version 1) to b: the version
// byte; the time in Unix microseconds as an 8-byte big-endian integer; the
// handler, role, source, subject, service and purpose, each as a 4-byte
// big-endian length and its bytes; the items as a 4-byte count followed by
// each item so encoded; the action, outcome, reason and download reason so
// encoded; and the record count as an 8-byte big-endian integer. The log
// stores exactly these bytes, and an entry's hash is SHA-256(previous
// entry's hash || these bytes).
func encode(b []byte, e *Entry) []byte {
	b = append(b, encodingV1)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time.UnixMicro()))
	for _, s := range [...]string{e.Handler, e.Role, e.Source, e.Subject, e.Service, e.Purpose} {
		b = appendString(b, s)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Items)))
	for _, s := range e.Items {
		b = appendString(b, s)
	}
	for _, s := range [...]string{string(e.Action), string(e.Outcome), e.Reason, e.DownloadReason} {
		b = appendString(b, s)
	}
	return binary.BigEndian.AppendUint64(b, uint64(e.Records))
}

func appendString(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// entryHash is SHA-256(prev || enc): the chain link and the entry's Merkle
// leaf. buf is scratch space the caller may reuse.
func entryHash(buf, prev, enc []byte) ([32]byte, []byte) {
	buf = append(append(buf[:0], prev...), enc...)
	return sha256.Sum256(buf), buf
}

// encodedAt is the time an encoding records, in Unix microseconds.
func encodedAt(enc []byte) (int64, bool) {
	if len(enc) < 9 || enc[0] != encodingV1 {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(enc[1:9])), true
}

// decodeEntry reads a canonical encoding back into an Entry.
func decodeEntry(b []byte) (Entry, error) {
	d := decoder{b: b}
	if d.byte() != encodingV1 {
		return Entry{}, errs.E(errs.Invalid, "audit: unknown entry encoding")
	}
	var e Entry
	e.Time = time.UnixMicro(int64(d.uint64())).UTC()
	for _, s := range [...]*string{&e.Handler, &e.Role, &e.Source, &e.Subject, &e.Service, &e.Purpose} {
		*s = d.string()
	}
	e.Items = d.list()
	var action, outcome string
	for _, s := range [...]*string{&action, &outcome, &e.Reason, &e.DownloadReason} {
		*s = d.string()
	}
	e.Action, e.Outcome, e.Records = Action(action), Outcome(outcome), int64(d.uint64())
	if d.bad || len(d.b) != 0 {
		return Entry{}, errs.E(errs.Invalid, "audit: malformed entry encoding")
	}
	return e, nil
}

// decoder reads big-endian integers and length-prefixed strings; bad
// records any short read.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) take(n int) []byte {
	if d.bad || n < 0 || len(d.b) < n {
		d.bad = true
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) byte() byte {
	if b := d.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) uint64() uint64 {
	if b := d.take(8); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

func (d *decoder) uint32() uint32 {
	if b := d.take(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (d *decoder) string() string { return string(d.take(int(d.uint32()))) }

func (d *decoder) list() []string {
	n := d.uint32()
	if n == 0 || n > uint32(len(d.b)/4) {
		d.bad = d.bad || n != 0
		return nil
	}
	items := make([]string, n)
	for i := range items {
		items[i] = d.string()
	}
	return items
}

func unixMicro(us int64) time.Time { return time.UnixMicro(us).UTC() }

// encodedLen is the length of the canonical encoding at the start of b, so
// a batch's encodings, stored one after another, split without decoding;
// false when b does not start with a whole encoding.
func encodedLen(b []byte) (int, bool) {
	d := decoder{b: b}
	if d.byte() != encodingV1 {
		return 0, false
	}
	d.take(8)
	for range 6 {
		d.take(int(d.uint32()))
	}
	for n := d.uint32(); n > 0 && !d.bad; n-- {
		d.take(int(d.uint32()))
	}
	for range 4 {
		d.take(int(d.uint32()))
	}
	d.take(8)
	if d.bad {
		return 0, false
	}
	return len(b) - len(d.b), true
}

// encodedSubject is the subject an encoding records ("" for none or a
// malformed encoding), without decoding the rest.
func encodedSubject(enc []byte) []byte {
	d := decoder{b: enc}
	d.take(9) // version, time
	for range 3 {
		d.take(int(d.uint32())) // handler, role, source
	}
	return d.take(int(d.uint32()))
}
