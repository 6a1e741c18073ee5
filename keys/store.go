package keys

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"jikimi/errs"
)

// Load reads and checks the keyring file at path. A missing file is
// errs.NotFound; a file readable by others is errs.Forbidden; a file that is
// truncated, altered or not a keyring is refused whole with the message
// "keyring PATH: corrupted: REASON".
func Load(path string) (*Keyring, error) {
	data, err := readPrivate(path)
	if err != nil {
		return nil, err
	}
	k, err := parseFile(data)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "keyring %s: corrupted", path)
	}
	return k, nil
}

// readPrivate reads a file that only its owner may read.
func readPrivate(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errs.Wrap(errs.NotFound, err, "keyring %s: not found", path)
	}
	if err != nil {
		return nil, errs.Wrap(errs.Unavailable, err, "keyring %s: cannot open", path)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, errs.Wrap(errs.Unavailable, err, "keyring %s: cannot stat", path)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, errs.E(errs.Forbidden, "keyring %s: mode %#o lets others read it; want 0600", path, info.Mode().Perm())
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, errs.Wrap(errs.Unavailable, err, "keyring %s: cannot read", path)
	}
	return data, nil
}

func refuseExisting(path string) error {
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return errs.E(errs.Conflict, "keyring %s: already exists; refusing to overwrite it", path)
	}
	return nil
}

// writeKeyring writes the file whole or not at all: a synced temporary file
// in the same directory, then renamed over path (replace) or hard-linked to
// it, which fails if path exists (create). The directory is synced last so
// the new name survives a crash.
func writeKeyring(path string, b *fileBody, replace bool) error {
	tmp, err := writeTemp(filepath.Dir(path), encodeFile(b))
	if err != nil {
		return errs.Wrap(errs.Unavailable, err, "keyring %s: cannot write", path)
	}
	defer os.Remove(tmp)
	if replace {
		err = os.Rename(tmp, path)
	} else if err = os.Link(tmp, path); errors.Is(err, fs.ErrExist) {
		return refuseExisting(path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		return errs.Wrap(errs.Unavailable, err, "keyring %s: cannot write", path)
	}
	return nil
}

// writeTemp writes data to a new 0600 file in dir, synced, and names it.
func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".keyring-*.tmp")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // directories cannot be opened for syncing there
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
