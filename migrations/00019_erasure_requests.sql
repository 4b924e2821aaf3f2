-- Erasure requests and equality monitoring.
--
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

-- Equality monitoring answers, given after sending an application, kept
-- apart from it: no application, resident or time of day, only the
-- pathway, cohort, neighbourhood and month, so no staff page can follow an
-- answer back to a person. equality_given holds a hash of each application
-- that answered, so a form is counted once; it says nothing of the answers.
CREATE TABLE equality_answers (
    id               TEXT PRIMARY KEY,
    pathway_id       TEXT NOT NULL REFERENCES pathways (id),
    cohort_id        TEXT REFERENCES cohorts (id),
    neighbourhood_id TEXT REFERENCES neighbourhoods (id),
    month            TEXT NOT NULL CHECK (length(month) = 7),
    age_band         TEXT NOT NULL DEFAULT '',
    sex              TEXT NOT NULL DEFAULT '',
    ethnic_group     TEXT NOT NULL DEFAULT '',
    disability       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX equality_answers_month ON equality_answers (month, pathway_id);
CREATE TABLE equality_given (
    key_hash TEXT PRIMARY KEY
);

-- +goose Down
-- Forward-only.
