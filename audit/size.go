package audit

import "context"

// Size is how many entries were ever appended to the log (the chain
// head's sequence number): it only grows, pruning included. For an
// operator's metrics.
func (l *Log) Size(ctx context.Context) (int64, error) {
	h, err := readHead(ctx, l.sql.Reader())
	return h.seq, err
}
