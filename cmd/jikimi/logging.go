package main

import (
	"flag"
	"fmt"
	"log/slog"
	"strings"
)

// logFlags are --log-format and --log-level, which every command that runs
// the system takes.
type logFlags struct {
	format, level string
}

func addLogFlags(fs *flag.FlagSet, e env) *logFlags {
	l := &logFlags{}
	fs.StringVar(&l.format, "log-format", envOr(e, "JIKIMI_LOG_FORMAT", "text"), "log format: text or json (env JIKIMI_LOG_FORMAT)")
	fs.StringVar(&l.level, "log-level", envOr(e, "JIKIMI_LOG_LEVEL", "info"), "least level logged: debug, info, warn or error (env JIKIMI_LOG_LEVEL)")
	return l
}

// validate names the flag of a wrong value.
func (l *logFlags) validate() error {
	if l == nil {
		return nil // the defaults
	}
	if l.format != "text" && l.format != "json" {
		return usageError("--log-format: want text or json, got %q", l.format)
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(l.level)); err != nil {
		return usageError("--log-level: want debug, info, warn or error, got %q", l.level)
	}
	return nil
}

// logger logs to stderr in the chosen format from the chosen level (after
// validate; a wrong value falls back to text at info).
func (l *logFlags) logger(e env) *slog.Logger {
	if l == nil {
		l = &logFlags{format: "text", level: "info"}
	}
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(l.level))
	opts := &slog.HandlerOptions{Level: lv}
	if strings.EqualFold(l.format, "json") {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

func envOr(e env, name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

// usageError is a wrong flag value: exit status 2, the message naming the flag.
func usageError(format string, args ...any) error {
	return exitError{2, fmt.Sprintf(format, args...)}
}
