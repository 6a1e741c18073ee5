// Package omh reads Open mHealth data points from wearables for the Seoul
// healthcare service: it validates a point's header and body against the
// embedded Open mHealth JSON schemas, checks plausibility and time, and
// returns its values in canonical units (package measure) with the policy
// item each belongs to. It also packs minute-level heart rate into per-hour
// chunks and keeps daily summaries current as points arrive.
//
// It owns no storage and no I/O but its embedded schemas: the gate (package
// vault) stores what it returns. It must never log, and its errors never
// carry a value, a name or anything else from inside a point: they carry a
// reason code (package measure) and a JSON path.
//
// Reason codes: unknown_schema, schema_violation, out_of_range,
// future_timestamp, and no_effective_time for a point whose schema allows
// it to leave out effective_time_frame (the service cannot place it in a
// day). Readings taken: the point's ID is header.id (the header schema's
// name for it); a time frame of a date and a part of the day covers that
// whole day in Asia/Seoul (Open mHealth gives no hours for parts of days).
package omh
