package audit

import (
	"context"
	"time"
)

// Between calls fn with every entry recorded in [from, to), in log order:
// one pass over the batches that hold them, whoever they are about (the
// monthly inspection; the yearly usage notices of everyone, which read the
// year once instead of once per subject).
func (l *Log) Between(ctx context.Context, from, to time.Time, fn func(Entry) error) error {
	lo, hi := from.UnixMicro(), to.UnixMicro()
	s, err := scanTimes(ctx, l.sql.Reader(), lo, hi)
	if err != nil {
		return err
	}
	for err == nil && s.next() {
		if s.r.at < lo || s.r.at >= hi {
			continue
		}
		var x Entry
		if x, err = s.r.decoded(); err == nil {
			err = fn(x)
		}
	}
	if cerr := s.close(); err == nil {
		err = cerr
	}
	return err
}
