-- Background jobs move to River (0024): the jobs still waiting in the old
-- queue become River jobs of the same kind, due now (their arguments are
-- the old payloads; the points runs' day was the old key), and the old
-- table goes. Finished and dead jobs are not carried over.
INSERT INTO river_job (args, kind, max_attempts, state)
SELECT CASE WHEN kind IN ('points.daily', 'points.weekly') THEN jsonb_build_object('day', job_key) ELSE payload::jsonb END,
       kind, 10, 'available'
FROM jobs WHERE done_at IS NULL AND dead_at IS NULL ORDER BY id;

DROP TABLE jobs;
