-- The guaranteed interview, the job it leads to and whether the resident is
-- still in work at 13 and 26 weeks:
--  * interview_slots: times a recruiter publishes for a pathway (optionally
--    one cohort), each for one person. A slot is taken by one conditional
--    UPDATE (... WHERE application_id IS NULL), and application_id is UNIQUE,
--    so a slot is never double-booked and an application holds one slot.
--  * job_offers: what was offered after the interview (the kind also goes
--    to applications.job_kind, which reports read).
--  * in_work_checks: each answer to "still working there?" at 13 or 26
--    weeks, from the resident's link or the recruiter. A "no" keeps the
--    application's status (the lifecycle has no "left work" exit) and is
--    recorded here.

-- +goose Up
CREATE TABLE interview_slots (
    id             TEXT PRIMARY KEY,
    pathway_id     TEXT NOT NULL REFERENCES pathways (id) ON DELETE CASCADE,
    cohort_id      TEXT REFERENCES cohorts (id) ON DELETE CASCADE,
    starts_at      TIMESTAMP NOT NULL,
    place          TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
    application_id TEXT UNIQUE REFERENCES applications (id),
    booked_at      TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    CHECK ((application_id IS NULL) = (booked_at IS NULL))
);
CREATE INDEX interview_slots_pathway ON interview_slots (pathway_id, starts_at);

CREATE TABLE job_offers (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    kind           TEXT NOT NULL CHECK (kind IN ('substantive', 'bank')),
    role_title     TEXT NOT NULL CHECK (length(role_title) BETWEEN 1 AND 120),
    hours_per_week INTEGER NOT NULL CHECK (hours_per_week BETWEEN 1 AND 60),
    starts_on      TIMESTAMP NOT NULL,
    offered_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);

CREATE TABLE in_work_checks (
    application_id TEXT NOT NULL REFERENCES applications (id),
    week           INTEGER NOT NULL CHECK (week IN (13, 26)),
    answer         TEXT NOT NULL CHECK (answer IN ('yes', 'no')),
    actor          TEXT NOT NULL CHECK (actor IN ('resident', 'recruiter', 'coordinator')),
    actor_id       TEXT NOT NULL DEFAULT '',
    answered_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, week)
);

-- +goose Down
-- Forward-only.
