package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"time"

	"jikimi/errs"
)

// encodingV1 is the first byte of every canonical encoding. A future change
// of fields gets a new version; entries keep the version they were hashed with.
const encodingV1 = 1

// The string fields of an entry, in the fixed order of the canonical
// encoding and of the audit_entries columns.
const (
	fHandler = iota
	fRole
	fSource
	fSubject
	fService
	fPurpose
	fItems // comma-separated item IDs; encoded as a counted list
	fAction
	fOutcome
	fReason
	fDownloadReason
	nFields
)

// columns lists audit_entries' columns in the order rows are read and written.
const columns = "seq, at, handler, role, source, subject, service, purpose, items, action, outcome, reason, download_reason, records, prev, hash"

// fields is an entry as stored: strings on the way in, raw column bytes on
// the way out of the database, so Verify hashes rows without copying them.
type fields[T ~string | ~[]byte] struct {
	at      int64 // Unix microseconds
	str     [nFields]T
	records int64
}

func fieldsOf(e Entry) fields[string] {
	return fields[string]{at: e.Time.UnixMicro(), records: e.Records, str: [nFields]string{
		e.Handler, e.Role, e.Source, e.Subject, e.Service, e.Purpose, strings.Join(e.Items, ","),
		string(e.Action), string(e.Outcome), e.Reason, e.DownloadReason,
	}}
}

// encode appends the canonical encoding of f to b: a version byte, then the
// fields in fixed order, integers as 8-byte big-endian, strings with a 4-byte
// big-endian length, items as a count followed by each item.
func encode[T ~string | ~[]byte](b []byte, f *fields[T]) []byte {
	b = append(b, encodingV1)
	b = binary.BigEndian.AppendUint64(b, uint64(f.at))
	for i := range nFields {
		if i == fItems {
			b = appendList(b, f.str[i])
			continue
		}
		b = appendString(b, f.str[i])
	}
	return binary.BigEndian.AppendUint64(b, uint64(f.records))
}

func appendString[T ~string | ~[]byte](b []byte, s T) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// appendList encodes a comma-separated list as a count and its items.
func appendList[T ~string | ~[]byte](b []byte, s T) []byte {
	if len(s) == 0 {
		return binary.BigEndian.AppendUint32(b, 0)
	}
	n := 1
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			n++
		}
	}
	b = binary.BigEndian.AppendUint32(b, uint32(n))
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			b = appendString(b, s[start:i])
			start = i + 1
		}
	}
	return b
}

// entryHash is SHA-256(prev || encoding): the chain link. buf is scratch
// space the caller may reuse; the result is also the entry's Merkle leaf.
func entryHash[T ~string | ~[]byte](buf []byte, prev []byte, f *fields[T]) ([32]byte, []byte) {
	buf = encode(append(buf[:0], prev...), f)
	return sha256.Sum256(buf), buf
}

// decodeEntry reads a canonical encoding back into an Entry.
func decodeEntry(b []byte) (Entry, error) {
	d := decoder{b: b}
	if d.byte() != encodingV1 {
		return Entry{}, errs.E(errs.Invalid, "audit: unknown entry encoding")
	}
	var f fields[string]
	f.at = int64(d.uint64())
	for i := range nFields {
		if i == fItems {
			f.str[i] = d.list()
			continue
		}
		f.str[i] = d.string()
	}
	f.records = int64(d.uint64())
	if d.bad || len(d.b) != 0 {
		return Entry{}, errs.E(errs.Invalid, "audit: malformed entry encoding")
	}
	return entryOf(&f), nil
}

func entryOf(f *fields[string]) Entry {
	e := Entry{
		Time: time.UnixMicro(f.at).UTC(), Handler: f.str[fHandler], Role: f.str[fRole],
		Source: f.str[fSource], Subject: f.str[fSubject], Service: f.str[fService],
		Purpose: f.str[fPurpose], Action: Action(f.str[fAction]), Outcome: Outcome(f.str[fOutcome]),
		Reason: f.str[fReason], DownloadReason: f.str[fDownloadReason], Records: f.records,
	}
	if f.str[fItems] != "" {
		e.Items = strings.Split(f.str[fItems], ",")
	}
	return e
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

func (d *decoder) list() string {
	n := d.uint32()
	if n > uint32(len(d.b)/4) {
		d.bad = true
		return ""
	}
	items := make([]string, n)
	for i := range items {
		items[i] = d.string()
	}
	return strings.Join(items, ",")
}

func unixMicro(us int64) time.Time { return time.UnixMicro(us).UTC() }
