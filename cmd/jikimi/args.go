package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
)

// parse parses args with fs, flags before or after the positional
// arguments alike (`demo code LOGIN --data D` takes --data), up to a "--".
func parse(fs *flag.FlagSet, args []string) error {
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			positional = append(positional, args[i+1:]...)
			i = len(args)
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
			if takesValue(fs, a) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			positional = append(positional, a)
		}
	}
	err := fs.Parse(append(append(flags, "--"), positional...))
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return exitError{2, err.Error()} // a wrong flag or value, which the message names
	}
	return err
}

// takesValue says whether the flag a names (-x or --x, without =value)
// reads the next argument as its value.
func takesValue(fs *flag.FlagSet, a string) bool {
	name := strings.TrimLeft(a, "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false // flag.Parse reports it
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// version is the module's version and the commit it was built from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "jikimi (unknown version)"
	}
	v := "jikimi " + info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.time" || s.Key == "vcs.modified" && s.Value == "true" {
			v += " " + s.Key + "=" + s.Value
		}
	}
	return v + " " + info.GoVersion
}

// needDataDir refuses a --data folder that does not exist, for a command
// that does not create one: a typo would otherwise start an empty system.
func (c *Config) needDataDir() error {
	if c.DB != "" || c.create {
		return nil
	}
	if _, err := os.Stat(c.Data); errors.Is(err, fs.ErrNotExist) {
		return exitError{2, fmt.Sprintf("--data %s: no such folder (serve, migrate --create and simulate create one)", c.Data)}
	}
	return nil
}
