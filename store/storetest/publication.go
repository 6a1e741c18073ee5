package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

func testRoundTrip(t *testing.T, s store.Store) {
	seoul := time.FixedZone("KST", 9*3600)
	in := pub("2024-03-04", time.Date(2024, 3, 4, 23, 30, 0, 0, seoul), "a")
	in.PublishedAt = time.Date(2024, 3, 1, 9, 0, 0, 123456789, seoul)
	record(t, s, in)
	got := list(t, s, in.Service)
	want := store.Publication{Service: in.Service, Version: in.Version, Effective: day, SHA256: in.SHA256,
		PublishedAt: time.Date(2024, 3, 1, 0, 0, 0, 123456000, time.UTC)}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("Publications = %+v, want [%+v] (date kept, time in UTC to the microsecond)", got, want)
	}
}

func testIdempotent(t *testing.T, s store.Store) {
	first := pub("2024-03-04", day, "a")
	again := first
	again.PublishedAt = first.PublishedAt.Add(time.Hour)
	record(t, s, first, again)
	got := list(t, s, first.Service)
	if len(got) != 1 || !got[0].PublishedAt.Equal(first.PublishedAt) {
		t.Fatalf("Publications = %+v, want the first record only", got)
	}
}

func testConcurrent(t *testing.T, s store.Store) {
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	for range 8 {
		wg.Go(func() { errc <- s.RecordPublication(context.Background(), pub("2024-03-04", day, "a")) })
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatalf("concurrent RecordPublication: %v", err)
		}
	}
	if got := list(t, s, "seoul-healthcare"); len(got) != 1 {
		t.Fatalf("Publications = %+v, want one", got)
	}
}

func testConflict(t *testing.T, s store.Store) {
	first := pub("2024-03-04", day, "a")
	record(t, s, first)
	err := s.RecordPublication(context.Background(), pub("2024-03-04", day, "b"))
	e := wantCode(t, err, errs.Conflict)
	const msg = "policy seoul-healthcare version 2024-03-04 was already published with different content"
	if e.Message != msg {
		t.Fatalf("message = %q, want %q", e.Message, msg)
	}
	if got := list(t, s, first.Service); len(got) != 1 || got[0].SHA256 != first.SHA256 {
		t.Fatalf("after conflict: %+v, want the first record untouched", got)
	}
}

func testInvalid(t *testing.T, s store.Store) {
	for name, edit := range invalidPublications() {
		t.Run(name, func(t *testing.T) {
			p := pub("2024-03-04", day, "a")
			edit(&p)
			wantCode(t, s.RecordPublication(context.Background(), p), errs.Invalid)
		})
	}
	if got := list(t, s, "seoul-healthcare"); len(got) != 0 {
		t.Fatalf("invalid publications were stored: %+v", got)
	}
}

func invalidPublications() map[string]func(*store.Publication) {
	return map[string]func(*store.Publication){
		"EmptyService":     func(p *store.Publication) { p.Service = "" },
		"UpperService":     func(p *store.Publication) { p.Service = "Seoul-healthcare" },
		"SpacedService":    func(p *store.Publication) { p.Service = "seoul healthcare" },
		"LongService":      func(p *store.Publication) { p.Service = strings.Repeat("a", 65) },
		"EmptyVersion":     func(p *store.Publication) { p.Version = "" },
		"SpacedVersion":    func(p *store.Publication) { p.Version = "2024 03 04" },
		"ShortHash":        func(p *store.Publication) { p.SHA256 = "abc" },
		"UpperHash":        func(p *store.Publication) { p.SHA256 = strings.Repeat("A", 64) },
		"NonHexHash":       func(p *store.Publication) { p.SHA256 = strings.Repeat("g", 64) },
		"ZeroEffective":    func(p *store.Publication) { p.Effective = time.Time{} },
		"ZeroPublishedAt":  func(p *store.Publication) { p.PublishedAt = time.Time{} },
		"LongVersion":      func(p *store.Publication) { p.Version = strings.Repeat("1", 65) },
		"DotStartsVersion": func(p *store.Publication) { p.Version = ".." },
	}
}

func testOrdered(t *testing.T, s store.Store) {
	record(t, s,
		pub("2025-01-01", day.AddDate(1, 0, 0), "c"),
		pub("b", day, "b"),
		pub("2023-12-31", day.AddDate(0, 0, -1), "d"),
		pub("a", day, "a"),
	)
	if got := versions(list(t, s, "seoul-healthcare")); got != "2023-12-31 a b 2025-01-01" {
		t.Fatalf("order = %q, want by effective date then version", got)
	}
}

func testPerService(t *testing.T, s store.Store) {
	other := pub("2024-01-01", day, "e")
	other.Service = "bokjiro"
	record(t, s, pub("2024-03-04", day, "a"), other)
	if got := versions(list(t, s, "bokjiro")); got != "2024-01-01" {
		t.Fatalf("bokjiro = %q, want only its own", got)
	}
	if got := list(t, s, "no-such-service"); got == nil || len(got) != 0 {
		t.Fatalf("unknown service = %#v, want an empty list", got)
	}
}

func testInvalidService(t *testing.T, s store.Store) {
	for _, service := range []string{"", "Seoul", "a b", "x;drop"} {
		_, err := s.Publications(context.Background(), service)
		wantCode(t, err, errs.Invalid)
	}
}

func testSchemaVersion(t *testing.T, s store.Store) {
	v, err := s.SchemaVersion(context.Background())
	if err != nil || v < 1 {
		t.Fatalf("SchemaVersion = %d, %v; want at least 1 on a migrated store", v, err)
	}
}

func testClose(t *testing.T, s store.Store) {
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	_, err := s.Publications(context.Background(), "bokjiro")
	if err == nil {
		t.Fatal("Publications after Close succeeded")
	}
}
