package ingest

// Status is what became of one data point of a batch.
type Status string

// Statuses.
const (
	Accepted  Status = "accepted"  // stored now
	Duplicate Status = "duplicate" // stored before (same header.id), or twice in the batch
	Rejected  Status = "rejected"  // not stored; Reason says why
)

// Result answers for one point, in the batch's order.
type Result struct {
	Index   int    `json:"index"`
	ID      string `json:"id,omitempty"` // the point's header.id, when it could be read
	Status  Status `json:"status"`
	Reason  string `json:"reason,omitempty"`  // measure reason code of a rejection
	Message string `json:"message,omitempty"` // reason and JSON path, never a value
}

// Report is the answer to a batch.
type Report struct {
	Accepted  int      `json:"accepted"`
	Duplicate int      `json:"duplicate"`
	Rejected  int      `json:"rejected"`
	Results   []Result `json:"results"`
}

func (r *Report) count() {
	for _, x := range r.Results {
		switch x.Status {
		case Accepted:
			r.Accepted++
		case Duplicate:
			r.Duplicate++
		case Rejected:
			r.Rejected++
		}
	}
}
