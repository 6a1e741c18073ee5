-- The access log (package audit): entries, checkpoints, pruning anchors.
SELECT 1;
