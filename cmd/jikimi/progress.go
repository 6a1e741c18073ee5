package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// progress is where a long command (simulate, retention, migrate) reports how far it got:
// its stderr when that is a terminal, a person watching; nil (no progress)
// otherwise, so that a log file, a pipe or CI's output stays clean.
func progress(e env) io.Writer {
	if terminal(e.stderr) {
		return e.stderr
	}
	return nil
}

// terminal reports whether w is a terminal.
func terminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
