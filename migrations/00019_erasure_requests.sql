-- A resident's request, made signed in at /status, that the portal erase
-- what it holds about them. The coordinator carries it out or records why
-- not (an offer under way, say); either way the resident is told, and the
-- contact is then emptied: the request row keeps only that there was one.

-- +goose Up
CREATE TABLE erasure_requests (
    id           TEXT PRIMARY KEY,
    contact      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'erased', 'refused')),
    reason       TEXT NOT NULL DEFAULT '',
    requested_at TIMESTAMP NOT NULL,
    decided_at   TIMESTAMP,
    decided_by   TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX erasure_requests_status ON erasure_requests (status, requested_at, id);
-- One request waiting per contact: asking twice is the same request.
CREATE UNIQUE INDEX erasure_requests_one_waiting ON erasure_requests (contact) WHERE status = 'requested';

-- +goose Down
-- Forward-only.
