package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"jikimi/audit"
	"jikimi/jobs"
	"jikimi/retention"
	"jikimi/rights"
	"jikimi/vault"
	"jikimi/web"
)

// metrics is the one Prometheus registry of a running system, and the
// counters its packages feed through hooks (vault.Config.Decided,
// jobs.Config.Failed). Every label is a fixed enumeration or a route
// pattern: never an ID, a name or anything a request sent.
type metrics struct {
	reg       *prometheus.Registry
	decisions *prometheus.CounterVec
	failures  *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.decisions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "jikimi_gate_decisions_total",
		Help: "Decisions of the gate (vault), by outcome (allowed, denied) and a denial's reason code.",
	}, []string{"outcome", "reason"})
	m.failures = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "jikimi_job_failures_total",
		Help: "Failed runs of background jobs (each retried with back-off, or given up), by job kind.",
	}, []string{"kind"})
	m.reg.MustRegister(m.decisions, m.failures, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// code is what a label may carry of a code made in this system's source:
// a lower-case token, or "other".
var code = regexp.MustCompile(`^[a-z][a-z0-9_.:-]{0,63}$`)

func label(s string) string {
	if !code.MatchString(s) {
		return "other"
	}
	return s
}

// decided is vault.Config.Decided; an allowed access's reason is "none".
func (m *metrics) decided(outcome audit.Outcome, reason string) {
	if reason == "" {
		reason = "none"
	}
	m.decisions.WithLabelValues(label(string(outcome)), label(reason)).Inc()
}

// failed is jobs.Config.Failed.
func (m *metrics) failed(kind string) { m.failures.WithLabelValues(label(kind)).Inc() }

// retentionOverdue: a record due this long ago should have been destroyed
// by the daily run; still held, its plan waits for approval or failed.
const retentionOverdue = 24 * time.Hour

// observe registers the series read from the wired system at each scrape:
// the gate's key cache, the access log, the job queue, retention and the
// rights requests' deadlines.
func (m *metrics) observe(sys *app) {
	m.caches(sys)
	m.reg.MustRegister(
		m.probe("jikimi_audit_entries_total", "Entries ever appended to the access log (the chain head).", prometheus.CounterValue, nil,
			func(ctx context.Context, put func(float64, ...string)) error {
				n, err := sys.log.Size(ctx)
				put(float64(n))
				return err
			}),
		m.probe("jikimi_audit_checkpoint_age_seconds", "Age of the access log's newest signed checkpoint (absent before the first).", prometheus.GaugeValue, nil,
			func(ctx context.Context, put func(float64, ...string)) error {
				cp, err := sys.log.Latest(ctx)
				if cp != nil {
					put(sys.clk.Now().Sub(cp.Time).Seconds())
				}
				return err
			}),
		m.probe("jikimi_audit_unsigned_entries", "Access-log entries not yet covered by a signed checkpoint.", prometheus.GaugeValue, nil,
			func(ctx context.Context, put func(float64, ...string)) error {
				n, err := sys.log.Size(ctx)
				if err != nil {
					return err
				}
				cp, err := sys.log.Latest(ctx)
				if cp != nil {
					n -= cp.Size
				}
				put(float64(n))
				return err
			}),
		m.probe("jikimi_jobs", "Background jobs (River) by state: available, scheduled and retryable are the queue's depth; discarded ones gave up.", prometheus.GaugeValue, []string{"state"},
			func(ctx context.Context, put func(float64, ...string)) error {
				counts, err := sys.jobs.Counts(ctx)
				for _, s := range jobs.States {
					put(float64(counts[s]), string(s))
				}
				return err
			}),
		m.probe("jikimi_retention_records_due", "Records whose retention step (destruction or separation) is due, by service.", prometheus.GaugeValue, []string{"service"},
			m.due(sys, func(d vault.Due) int { return d.Due })),
		m.probe("jikimi_retention_records_overdue", "Records due more than 24 hours ago and still held, by service.", prometheus.GaugeValue, []string{"service"},
			m.due(sys, func(d vault.Due) int { return d.Overdue })),
		m.probe("jikimi_retention_plans", "Destruction plans not yet done, by state (pending_approval and escalated wait for the privacy officer).", prometheus.GaugeValue, []string{"state"},
			func(ctx context.Context, put func(float64, ...string)) error {
				counts, err := retention.PlanCounts(ctx, sys.st.SQL())
				for _, s := range retention.Unfinished {
					put(float64(counts[s]), s)
				}
				return err
			}),
		m.probe("jikimi_rights_open_requests", "Open data-subject rights requests by days left before their due date (overdue: past it).", prometheus.GaugeValue, []string{"days_left"},
			func(ctx context.Context, put func(float64, ...string)) error {
				counts, err := rights.OpenByDaysLeft(ctx, sys.st.SQL(), sys.clk.Now())
				for _, b := range rights.DaysLeftBuckets {
					put(float64(counts[b]), b)
				}
				return err
			}),
	)
}

// caches registers the gate's two caches' counts: data keys, and subjects'
// decision facts (for gated reads). Hit rate: hits / (hits + misses).
func (m *metrics) caches(sys *app) {
	stat := func(f func(vault.CacheStats) uint64) func() float64 {
		return func() float64 { return float64(f(sys.vault.CacheStats())) }
	}
	for _, c := range []struct {
		name, what         string
		hits, misses, held func(vault.CacheStats) uint64
	}{
		{"key", "data key unwrapped",
			func(s vault.CacheStats) uint64 { return s.KeyHits }, func(s vault.CacheStats) uint64 { return s.KeyMisses },
			func(s vault.CacheStats) uint64 { return uint64(s.Keys) }},
		{"fact", "subject's decision facts (consents, suspensions, corrections)",
			func(s vault.CacheStats) uint64 { return s.FactHits }, func(s vault.CacheStats) uint64 { return s.FactMisses },
			func(s vault.CacheStats) uint64 { return uint64(s.Facts) }},
	} {
		prefix := "jikimi_vault_" + c.name + "_cache_"
		m.reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: prefix + "hits_total", Help: "Gated accesses that found their " + c.what + " in the cache."}, stat(c.hits)),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: prefix + "misses_total", Help: "Gated accesses that did not find their " + c.what + " in the cache."}, stat(c.misses)),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: prefix + "entries", Help: "Entries the cache of " + c.what + " holds now."}, stat(c.held)))
	}
}

// due reads one of the due counts of every service.
func (m *metrics) due(sys *app, of func(vault.Due) int) func(ctx context.Context, put func(float64, ...string)) error {
	return func(ctx context.Context, put func(float64, ...string)) error {
		now := sys.clk.Now()
		for _, svc := range sys.policies.Services() {
			d, err := sys.vault.DueCounts(ctx, svc, now, now.Add(-retentionOverdue))
			if err != nil {
				return err
			}
			put(float64(of(d)), svc)
		}
		return nil
	}
}

// probe is one metric read from the system at each scrape. A read that
// fails leaves the metric out of that scrape (the rest are served) and is
// logged by the scrape's handler.
type probe struct {
	desc *prometheus.Desc
	kind prometheus.ValueType
	read func(ctx context.Context, put func(v float64, labels ...string)) error
}

func (m *metrics) probe(name, help string, kind prometheus.ValueType, labels []string, read func(ctx context.Context, put func(float64, ...string)) error) prometheus.Collector {
	return probe{desc: prometheus.NewDesc(name, help, labels, nil), kind: kind, read: read}
}

func (p probe) Describe(ch chan<- *prometheus.Desc) { ch <- p.desc }

func (p probe) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out []prometheus.Metric
	err := p.read(ctx, func(v float64, labels ...string) {
		if m, err := prometheus.NewConstMetric(p.desc, p.kind, v, labels...); err == nil {
			out = append(out, m)
		}
	})
	if err != nil {
		ch <- prometheus.NewInvalidMetric(p.desc, err)
		return
	}
	for _, m := range out {
		ch <- m
	}
}

// serveMetrics serves /metrics on its own listener at addr until ctx ends:
// apart from the public listener, so that only who can reach addr (a
// loopback or an internal network) reads it.
func serveMetrics(e env, addr string, m *metrics, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", web.MetricsHandler(m.reg))
	srv := web.DefaultTimeouts().Server(mux, slog.NewLogLogger(log.Handler(), slog.LevelWarn))
	fmt.Fprintf(e.stdout, "jikimi: metrics on http://%s/metrics\n", ln.Addr())
	go srv.Serve(ln)
	return func() {
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}, nil
}
