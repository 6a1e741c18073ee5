-- Which policy texts were published when.
CREATE TABLE publications (
    service      text        NOT NULL,
    version      text        NOT NULL,
    effective    date        NOT NULL,
    sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    published_at timestamptz NOT NULL,
    PRIMARY KEY (service, version)
);
