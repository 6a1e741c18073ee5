package catalogue

import (
	"crypto/sha256"
	_ "embed" // the snapshot below
	"encoding/hex"
	"sync"
)

// Catalogue is one version of the welfare-service catalogue with its
// indexes, ready to match. It is immutable and safe for concurrent use.
type Catalogue struct {
	version  string
	cfg      Config
	services []Service
	byID     map[string]int

	// For each facet: the services tagged with value v (by[v]) and the
	// services without a tag of that facet (none).
	stages, households, themes facetIndex
	all                        bitset
	// unselectable holds the services none of whose themes an interest
	// maps to: no declared interest can speak for or against them.
	unselectable bitset
}

type facetIndex struct {
	by   []bitset
	none bitset
}

// New builds a catalogue from services, checked by Parse. version names
// the snapshot; alerts compare versions to find services a snapshot adds.
func New(version string, services []Service, cfg Config) (*Catalogue, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Catalogue{version: version, cfg: cfg, services: services, all: newBitset(len(services))}
	c.stages = buildIndex(services, len(stageVocab.labels), func(s *Service) mask { return s.stages })
	c.households = buildIndex(services, len(householdVocab.labels), func(s *Service) mask { return s.households })
	c.themes = buildIndex(services, len(themeVocab.labels), func(s *Service) mask { return s.themes })
	c.byID = make(map[string]int, len(services))
	c.unselectable = newBitset(len(services))
	for i := range services {
		c.all.set(i)
		c.byID[services[i].ID] = i
		if services[i].themes&selectableThemes == 0 {
			c.unselectable.set(i)
		}
	}
	return c, nil
}

func buildIndex(services []Service, values int, tags func(*Service) mask) facetIndex {
	ix := facetIndex{by: make([]bitset, values), none: newBitset(len(services))}
	for v := range ix.by {
		ix.by[v] = newBitset(len(services))
	}
	for i := range services {
		m := tags(&services[i])
		if m == 0 {
			ix.none.set(i)
		}
		for v := range ix.by {
			if m.has(uint8(v)) {
				ix.by[v].set(i)
			}
		}
	}
	return ix
}

//go:embed data/central-services.json
var snapshot []byte

var parsedSnapshot = sync.OnceValues(func() ([]Service, error) { return Parse(snapshot) })

// Embedded returns the catalogue shipped in the binary
// (data/central-services.json), versioned by its SHA-256.
func Embedded(cfg Config) (*Catalogue, error) {
	services, err := parsedSnapshot()
	if err != nil {
		return nil, err
	}
	return New(VersionOf(snapshot), services, cfg)
}

// VersionOf names a snapshot by the first 16 hex digits of its SHA-256.
func VersionOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

// Version names the snapshot the catalogue was built from.
func (c *Catalogue) Version() string { return c.version }

// Config returns the readings the catalogue matches with.
func (c *Catalogue) Config() Config { return c.cfg }

// Services returns the services. The slice and its services are shared:
// callers must not change them.
func (c *Catalogue) Services() []Service { return c.services }

// Service returns the service with the given ID.
func (c *Catalogue) Service(id string) (*Service, bool) {
	i, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	return &c.services[i], true
}
