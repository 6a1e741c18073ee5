package main

import (
	"errors"
	"testing"
)

// once makes the shared service for the first mount that asks and hands
// the same one to the next; a failure is returned and not kept, so the
// next mount tries again.
func TestOnce(t *testing.T) {
	t.Parallel()
	var held *int
	made := 0
	build := func() (*int, error) {
		made++
		if made == 1 {
			return nil, errors.New("not yet")
		}
		return &made, nil
	}
	if v, err := once(&held, build); err == nil || v != nil || held != nil {
		t.Fatalf("first build failed: got %v, %v; held %v", v, err, held)
	}
	a, err := once(&held, build)
	if err != nil {
		t.Fatal(err)
	}
	b, err := once(&held, build)
	if err != nil || a != b || made != 2 {
		t.Fatalf("second ask: %p, %v; first %p; built %d times, want 2", b, err, a, made)
	}
}
