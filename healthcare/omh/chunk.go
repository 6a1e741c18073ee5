package omh

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
	"time"

	"jikimi/healthcare/measure"
)

// Minute-level heart rate is not stored a row per sample but an hour at a
// time (ARCHITECTURE: sealed per-hour chunks). A chunk's encoding, version 1:
//
//	byte 1, uvarint n, then n times: uvarint seconds since the previous
//	sample (the first: since the hour), varint change in tenths of a beat per
//	minute since the previous sample (the first: since 0).
//
// About 2 bytes a sample for a steady minute-by-minute series.
const chunkVersion = 1

// Chunk is one Seoul hour of one participant's heart-rate samples.
type Chunk struct {
	Hour    time.Time // the hour's first instant, in Seoul
	Samples int
	Data    []byte
}

// Sample is one heart-rate reading.
type Sample struct {
	At  time.Time
	BPM float64 // to a tenth
}

// HourChunks groups the heart-rate samples among points (one participant's)
// by Seoul hour and encodes each hour, hours in order. A sample is a
// heart-rate point at an instant, or an average over at most a minute;
// other points are skipped. Samples keep second precision: of two in the
// same second the later in points wins.
func HourChunks(points []*Point) []Chunk {
	byHour := map[time.Time][]Sample{}
	for _, p := range points {
		if bpm, ok := heartRateSample(p); ok {
			h := hourOf(p.Start)
			byHour[h] = append(byHour[h], Sample{p.Start.Truncate(time.Second), bpm})
		}
	}
	out := make([]Chunk, 0, len(byHour))
	for h, samples := range byHour {
		out = append(out, encodeChunk(h, samples))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Hour.Before(out[j].Hour) })
	return out
}

// heartRateSample is the reading of a point that is one sample.
func heartRateSample(p *Point) (float64, bool) {
	v, ok := p.Value(measure.HeartRate)
	single := p.Statistic == "" || p.Statistic == "average" && v.Span() <= time.Minute
	return v.Value, ok && single
}

func hourOf(t time.Time) time.Time {
	y, m, d := t.In(measure.Seoul).Date()
	return time.Date(y, m, d, t.In(measure.Seoul).Hour(), 0, 0, 0, measure.Seoul)
}

func encodeChunk(hour time.Time, samples []Sample) Chunk {
	sort.SliceStable(samples, func(i, j int) bool { return samples[i].At.Before(samples[j].At) })
	samples = lastPerSecond(samples)
	buf := binary.AppendUvarint([]byte{chunkVersion}, uint64(len(samples)))
	prevAt, prevTenths := hour, int64(0)
	for _, s := range samples {
		tenths := int64(math.Round(s.BPM * 10))
		buf = binary.AppendUvarint(buf, uint64(s.At.Sub(prevAt)/time.Second))
		buf = binary.AppendVarint(buf, tenths-prevTenths)
		prevAt, prevTenths = s.At, tenths
	}
	return Chunk{Hour: hour, Samples: len(samples), Data: buf}
}

// lastPerSecond keeps, of sorted samples in the same second, the last.
func lastPerSecond(s []Sample) []Sample {
	out := s[:0]
	for i, x := range s {
		if i+1 < len(s) && s[i+1].At.Equal(x.At) {
			continue
		}
		out = append(out, x)
	}
	return out
}

var errChunk = errors.New("omh: malformed heart-rate chunk")

// DecodeChunk reads a chunk's samples back.
func DecodeChunk(c Chunk) ([]Sample, error) {
	if len(c.Data) == 0 || c.Data[0] != chunkVersion {
		return nil, errChunk
	}
	r := chunkReader{buf: c.Data[1:]}
	n := r.uvarint()
	if r.bad || n > 3600 {
		return nil, errChunk
	}
	out := make([]Sample, 0, n)
	at, tenths := c.Hour, int64(0)
	for range n {
		at = at.Add(time.Duration(r.uvarint()) * time.Second)
		tenths += r.varint()
		out = append(out, Sample{at, float64(tenths) / 10})
	}
	if r.bad || len(r.buf) != 0 || at.Sub(c.Hour) >= time.Hour {
		return nil, errChunk
	}
	return out, nil
}

type chunkReader struct {
	buf []byte
	bad bool
}

func (r *chunkReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.buf)
	if n <= 0 || v > 3600 {
		r.bad, v, n = true, 0, len(r.buf)
	}
	r.buf = r.buf[n:]
	return v
}

func (r *chunkReader) varint() int64 {
	v, n := binary.Varint(r.buf)
	if n <= 0 {
		r.bad, v, n = true, 0, len(r.buf)
	}
	r.buf = r.buf[n:]
	return v
}

// HourOf is the Seoul hour whose chunk holds a sample taken at t.
func HourOf(t time.Time) time.Time { return hourOf(t) }

// HeartRateSample is the sample a point gives a chunk, if it is one (a
// heart-rate point at an instant, or an average over at most a minute).
func HeartRateSample(p *Point) (Sample, bool) {
	bpm, ok := heartRateSample(p)
	return Sample{p.Start.Truncate(time.Second), bpm}, ok
}

// MergeChunk adds samples to a stored chunk of the same hour (an empty
// Data is an empty chunk). Of two samples in the same second the added one
// wins, so merging the same samples again changes nothing. Samples outside
// the hour are an error.
func MergeChunk(c Chunk, add []Sample) (Chunk, error) {
	var all []Sample
	if len(c.Data) > 0 {
		old, err := DecodeChunk(c)
		if err != nil {
			return Chunk{}, err
		}
		all = old
	}
	for _, s := range add {
		if s.At.Before(c.Hour) || !s.At.Before(c.Hour.Add(time.Hour)) {
			return Chunk{}, errChunk
		}
		all = append(all, Sample{s.At.Truncate(time.Second), s.BPM})
	}
	return encodeChunk(c.Hour, all), nil
}
