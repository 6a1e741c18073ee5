package omh

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"jikimi/healthcare/measure"
)

// hrPoint is a parsed heart-rate sample at t.
func hrPoint(t *testing.T, at time.Time, bpm float64, extra string) *Point {
	t.Helper()
	body := fmt.Sprintf(`{"heart_rate":{"value":%g,"unit":"beats/min"},%s"effective_time_frame":{"date_time":%q}}`, bpm, extra, at.Format(time.RFC3339Nano))
	p, err := Parse(point("heart-rate", "2.0", body), now)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHourChunks(t *testing.T) {
	t.Parallel()
	h9 := time.Date(2024, 3, 4, 9, 0, 0, 0, measure.Seoul)
	var points []*Point
	for i := range 60 { // a full hour, minute by minute, given out of order
		points = append(points, hrPoint(t, h9.Add(time.Duration(59-i)*time.Minute), 60+float64(i%7)+0.5, ""))
	}
	points = append(points,
		hrPoint(t, h9.Add(-time.Second), 70, ""),                     // 08:59:59: the hour before
		hrPoint(t, h9.Add(time.Minute+500*time.Millisecond), 99, ""), // same second as 09:01: wins
		hrPoint(t, h9.Add(90*time.Minute), 80, `"descriptive_statistic":"maximum",`),
	)
	steps, _ := Parse(point("step-count", "2.0", `{"step_count":10,`+morning+`}`), now)
	points = append(points, steps)

	chunks := HourChunks(points)
	if len(chunks) != 2 || !chunks[0].Hour.Equal(h9.Add(-time.Hour)) || !chunks[1].Hour.Equal(h9) {
		t.Fatalf("chunks = %+v", chunks)
	}
	if c := chunks[1]; c.Samples != 60 || len(c.Data) > 3*60 {
		t.Fatalf("09:00 chunk: %d samples in %d bytes", c.Samples, len(c.Data))
	}
	got, err := DecodeChunk(chunks[1])
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range got {
		want := 60 + float64((59-i)%7) + 0.5
		if i == 1 {
			want = 99
		}
		if !s.At.Equal(h9.Add(time.Duration(i)*time.Minute)) || s.BPM != want {
			t.Fatalf("sample %d = %+v, want %v", i, s, want)
		}
	}
}

func TestHourChunksMinuteAverages(t *testing.T) {
	t.Parallel()
	body := func(d string) []byte {
		return point("heart-rate", "2.0", `{"heart_rate":{"value":72,"unit":"beats/min"},"descriptive_statistic":"average","effective_time_frame":{"time_interval":{"start_date_time":"2024-03-04T09:00:00+09:00","duration":{"value":`+d+`,"unit":"min"}}}}`)
	}
	minute, _ := Parse(body("1"), now)
	hour, _ := Parse(body("60"), now)
	if c := HourChunks([]*Point{minute, hour}); len(c) != 1 || c[0].Samples != 1 {
		t.Fatalf("a minute's average is a sample, an hour's is not: %+v", c)
	}
	if HourChunks(nil) == nil || len(HourChunks(nil)) != 0 {
		t.Fatal("no points: want no chunks")
	}
}

func TestDecodeChunkRejects(t *testing.T) {
	t.Parallel()
	h := time.Date(2024, 3, 4, 9, 0, 0, 0, measure.Seoul)
	tests := map[string][]byte{
		"empty":                {},
		"unknown version":      {2, 0},
		"count missing":        {1},
		"too many samples":     {1, 0xff, 0xff, 0x03},
		"fewer samples than n": {1, 2, 0, 2},
		"trailing bytes":       {1, 1, 0, 2, 9},
		"past the hour":        {1, 2, 0x8f, 0x1c, 2, 0x8f, 0x1c, 2},
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if s, err := DecodeChunk(Chunk{Hour: h, Data: data}); err == nil {
				t.Fatalf("DecodeChunk = %+v", s)
			}
		})
	}
}

func FuzzDecodeChunk(f *testing.F) {
	f.Add([]byte{1, 1, 0, 120})
	f.Add([]byte{1, 2, 60, 121, 60, 1})
	h := time.Date(2024, 3, 4, 9, 0, 0, 0, measure.Seoul)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeChunk(Chunk{Hour: h, Data: data})
		if err != nil {
			return
		}
		for _, x := range s {
			if x.At.Before(h) || !x.At.Before(h.Add(time.Hour)) {
				t.Fatalf("sample outside its hour: %v", x.At)
			}
		}
	})
}

// Merging adds samples, the added one wins in its second, and merging the
// same samples twice gives the same chunk.
func TestMergeChunk(t *testing.T) {
	hour := time.Date(2024, 3, 4, 9, 0, 0, 0, measure.Seoul)
	first := []Sample{{hour.Add(time.Minute), 60}, {hour.Add(2 * time.Minute), 61}}
	c, err := MergeChunk(Chunk{Hour: hour}, first)
	if err != nil || c.Samples != 2 {
		t.Fatalf("first merge: %+v, %v", c, err)
	}
	second := []Sample{{hour.Add(2 * time.Minute), 70}, {hour.Add(3 * time.Minute), 72.5}}
	c, err = MergeChunk(c, second)
	if err != nil {
		t.Fatal(err)
	}
	again, err := MergeChunk(c, second)
	if err != nil || !bytes.Equal(again.Data, c.Data) {
		t.Fatalf("merging again changed the chunk: %v", err)
	}
	got, err := DecodeChunk(c)
	want := []Sample{first[0], second[0], second[1]}
	if err != nil || len(got) != 3 {
		t.Fatalf("decoded %v, %v", got, err)
	}
	for i := range want {
		if !got[i].At.Equal(want[i].At) || got[i].BPM != want[i].BPM {
			t.Fatalf("sample %d = %v, want %v", i, got[i], want[i])
		}
	}
	if _, err := MergeChunk(c, []Sample{{hour.Add(time.Hour), 60}}); err == nil {
		t.Fatal("a sample of the next hour was merged")
	}
}
