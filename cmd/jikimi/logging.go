package main

import (
	"fmt"
	"log/slog"
)

// logLevel is the slog level a --log-level names.
func logLevel(s string) (slog.Level, bool) {
	var lv slog.Level
	err := lv.UnmarshalText([]byte(s))
	return lv, err == nil
}

// logger logs to stderr in the configured format from the configured
// level (--log-format, --log-level; validated at parse).
func (c *Config) logger(e env) *slog.Logger {
	lv, _ := logLevel(c.LogLevel)
	opts := &slog.HandlerOptions{Level: lv}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// usageError is a wrong flag value: exit status 2, the message naming the flag.
func usageError(format string, args ...any) error {
	return exitError{2, fmt.Sprintf(format, args...)}
}
