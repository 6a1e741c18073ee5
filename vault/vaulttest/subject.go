package vaulttest

import (
	"context"
	"testing"

	"jikimi/vault"
)

// Subject registers a subject of service that gave the consent scopes
// (each with a synthetic text) and returns it as the acting subject.
func (e *Env) Subject(t testing.TB, service string, scopes ...string) vault.Actor {
	t.Helper()
	ctx := context.Background()
	id, err := e.Vault.NewSubject(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}, Service: service})
	if err != nil {
		t.Fatal(err)
	}
	self := vault.Actor{Kind: vault.Subject, ID: id, Source: "127.0.0.1"}
	for _, s := range scopes {
		c := vault.Consent{Scope: s, Channel: vault.ChannelWeb, Text: "테스트 동의: " + s}
		if _, err := e.Vault.Give(ctx, vault.Request{Actor: self, Service: service, Subject: id}, c); err != nil {
			t.Fatalf("Give %s: %v", s, err)
		}
	}
	return self
}
