// Package testlog is a log sink for tests: a server's goroutines write to it
// while the test reads what they wrote. It is for tests only and holds no
// logic beyond a locked buffer; production code must never import it.
package testlog

import (
	"bytes"
	"sync"
)

// Buffer is a log sink a test server's goroutines write to while the
// test reads what they wrote.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String is everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
