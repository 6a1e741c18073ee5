package ingest

import (
	"encoding/json"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/omh"
	"jikimi/vault"
)

// hourItem is one item's value in a participant-hour record.
type hourItem struct {
	IDs    []string `json:"ids,omitempty"`   // keys of the points first stored under this item
	Chunk  []byte   `json:"chunk,omitempty"` // heart-rate samples (omh chunk), heart_rate only
	Hour   int64    `json:"hour,omitempty"`  // the chunk's hour (Unix seconds), for reading it back (an export)
	Values []stored `json:"values,omitempty"`
}

// stored is a measurement that is no heart-rate sample.
type stored struct {
	Metric measure.Metric `json:"m"`
	Value  float64        `json:"v,omitempty"`
	Text   string         `json:"t,omitempty"`
	Start  int64          `json:"s"` // Unix seconds
	End    int64          `json:"e"`
	Stat   string         `json:"st,omitempty"`
	Rel    string         `json:"r,omitempty"`
}

func hourKey(h time.Time) string { return "omh/hour/" + h.UTC().Format("2006010215") }

// hourMerge adds the hour's candidates to its record, marking the ones
// whose key the record already holds as duplicates.
func hourMerge(h time.Time, cs []*candidate) vault.Merge {
	return vault.Merge{Key: hourKey(h), Apply: func(old map[string]string) (map[string]string, error) {
		rec, err := decodeHour(old)
		if err != nil {
			return nil, err
		}
		seen := rec.keys()
		var samples []omh.Sample
		for _, c := range cs {
			if c.dup = seen[c.key]; c.dup {
				continue
			}
			seen[c.key] = true
			samples = rec.add(c, samples)
		}
		if err := rec.chunk(h, samples); err != nil {
			return nil, err
		}
		return rec.encode()
	}}
}

type hourRecord map[string]*hourItem

func decodeHour(old map[string]string) (hourRecord, error) {
	rec := hourRecord{}
	for it, val := range old {
		var x hourItem
		if err := json.Unmarshal([]byte(val), &x); err != nil {
			return nil, errs.Wrap(errs.Internal, err, "ingest: a stored hour does not decode")
		}
		rec[it] = &x
	}
	return rec, nil
}

func (rec hourRecord) item(id string) *hourItem {
	x, ok := rec[id]
	if !ok {
		x = &hourItem{}
		rec[id] = x
	}
	return x
}

func (rec hourRecord) keys() map[string]bool {
	seen := map[string]bool{}
	for _, x := range rec {
		for _, k := range x.IDs {
			seen[k] = true
		}
	}
	return seen
}

// add files a new point: its key under its first item, a heart-rate sample
// into the samples for the chunk, any other value into its item's list.
func (rec hourRecord) add(c *candidate, samples []omh.Sample) []omh.Sample {
	p := c.point
	first := rec.item(p.Items()[0])
	first.IDs = append(first.IDs, c.key)
	if s, ok := omh.HeartRateSample(p); ok {
		return append(samples, s)
	}
	for _, v := range p.Values {
		x := rec.item(v.Item)
		x.Values = append(x.Values, stored{v.Metric, v.Value, v.Text, v.Start.Unix(), v.End.Unix(), p.Statistic, p.Relation})
	}
	return samples
}

func (rec hourRecord) chunk(h time.Time, samples []omh.Sample) error {
	if len(samples) == 0 {
		return nil
	}
	x := rec.item(measure.HeartRate.Item())
	c, err := omh.MergeChunk(omh.Chunk{Hour: h, Data: x.Chunk}, samples)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "ingest: heart-rate chunk")
	}
	x.Chunk, x.Hour = c.Data, h.Unix()
	return nil
}

func (rec hourRecord) encode() (map[string]string, error) {
	out := make(map[string]string, len(rec))
	for it, x := range rec {
		b, err := json.Marshal(x)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "ingest: encode an hour")
		}
		out[it] = string(b)
	}
	return out, nil
}
