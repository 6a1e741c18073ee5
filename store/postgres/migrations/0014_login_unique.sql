-- A login name (아이디) belongs to one subject per service and purpose: the
-- database holds the rule, so two sign-ups racing past the services' own
-- look-ups cannot both take the same name.
CREATE UNIQUE INDEX pd_index_login ON pd_index (service, purpose, digest) WHERE kind = 'login';
