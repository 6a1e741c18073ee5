package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/vault"
)

// Where the data goes in the policy (policies/seoul-healthcare).
const (
	Service = "seoul-healthcare"
	Purpose = "health-service"
	Rule    = "service"
)

// MaxBatch is the most points one batch may carry: a day of minute-level
// heart rate and then some.
const MaxBatch = 2000

// retries is how often a batch is sent again to the gate after a
// concurrent write to one of its records (the same participant's other
// batch in flight).
const retries = 3

// Ingester stores wearable batches and self-reports through the gate.
type Ingester struct {
	vault *vault.Vault
	clock clock.Clock
}

// New builds an Ingester.
func New(v *vault.Vault, clk clock.Clock) *Ingester { return &Ingester{vault: v, clock: clk} }

// Sync stores a device's batch of Open mHealth data points for its
// participant and answers each point. The batch is one gated transaction
// (actor: the device; action: input): a denial (no consent, suspended
// processing) is the gate's errs.Forbidden with its reason, and nothing is
// stored. source is the client's address, for the access log.
func (in *Ingester) Sync(ctx context.Context, dev Device, source string, raws []json.RawMessage) (*Report, error) {
	if err := checkBatch(dev, raws); err != nil {
		return nil, err
	}
	b, err := parse(raws, in.clock.Now())
	if err != nil {
		return nil, err
	}
	if len(b.hours) == 0 {
		return b.settle(), nil
	}
	for attempt := 0; ; attempt++ {
		err = in.vault.MergeMany(ctx, b.request(dev, source), Rule, b.merges())
		if attempt < retries && isReason(err, vault.ReasonConcurrentWrite) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return b.settle(), nil
	}
}

func checkBatch(dev Device, raws []json.RawMessage) error {
	switch {
	case dev.ID == "" || dev.Subject == "":
		return errs.E(errs.Forbidden, "ingest: no device")
	case len(raws) == 0:
		return reason(errs.E(errs.Invalid, "ingest: an empty batch"), "empty_batch")
	case len(raws) > MaxBatch:
		return reason(errs.E(errs.Invalid, "ingest: a batch holds at most %d points", MaxBatch), "batch_too_large")
	}
	return nil
}

func (b *batch) request(dev Device, source string) vault.Request {
	return vault.Request{
		Actor:   vault.Actor{Kind: vault.Device, ID: dev.ID, Source: source},
		Service: Service, Purpose: Purpose, Subject: dev.Subject,
		Items: b.items, Action: vault.Input,
	}
}

// merges lists the hour records, then the day records, each in time order:
// the days' merges read the duplicates the hours' merges found.
func (b *batch) merges() []vault.Merge {
	var out []vault.Merge
	for _, h := range sortedKeys(b.hours, time.Time.Compare) {
		out = append(out, hourMerge(h, b.hours[h]))
	}
	for _, d := range sortedKeys(b.days, measure.Date.Compare) {
		out = append(out, dayMerge(d, b.days[d]))
	}
	return out
}

func sortedKeys[K comparable, V any](m map[K]V, cmp func(a, b K) int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp)
	return keys
}

func isReason(err error, r string) bool {
	var e *errs.Error
	return errors.As(err, &e) && e.Reason == r
}

func reason(e *errs.Error, r string) *errs.Error {
	e.Reason = r
	return e
}
