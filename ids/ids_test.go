package ids

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"jikimi/errs"
)

var shape = regexp.MustCompile(`^cns_[a-z2-7]{26}$`)

func TestNew(t *testing.T) {
	a, err := New(nil, "cns_")
	if err != nil || !shape.MatchString(a) {
		t.Fatalf("New = %q, %v", a, err)
	}
	if b := Random("cns_"); b == a || !shape.MatchString(b) {
		t.Fatalf("Random = %q after %q", b, a)
	}
	// The bits are the reader's: an injected source gives the same ID again.
	zero := strings.Repeat("a", 26)
	if got, _ := New(bytes.NewReader(make([]byte, 16)), "x_"); got != "x_"+zero {
		t.Fatalf("New(zeros) = %q", got)
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("entropy gone") }

func TestNewFailsWithoutRandomness(t *testing.T) {
	if id, err := New(failing{}, "x_"); errs.Code(err) != errs.Internal || id != "" {
		t.Fatalf("New(failing) = %q, %v", id, err)
	}
	if id, err := New(bytes.NewReader(make([]byte, 15)), "x_"); err == nil {
		t.Fatalf("15 bytes made %q", id)
	}
}
