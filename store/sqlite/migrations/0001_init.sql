-- Which policy texts were published when. Times are written by the driver as
-- UTC text "2006-01-02 15:04:05.999999999+00:00", which sorts in time order.
CREATE TABLE publications (
    service      TEXT NOT NULL,
    version      TEXT NOT NULL,
    effective    DATE NOT NULL,
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    published_at TIMESTAMP NOT NULL,
    PRIMARY KEY (service, version)
);
