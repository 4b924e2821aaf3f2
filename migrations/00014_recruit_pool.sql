-- The recruiters' workspace:
--  * applications.fit_score: the routing score for the application's own
--    pathway, copied out of the routing JSON when the application is sent,
--    so that the pool can be ranked and paged by an index. Applications sent
--    before this migration keep 0 (the JSON cannot be read the same way on
--    both databases); they rank last until re-sent, which only demo data is.
--  * applications.sectors_done: the sectors the resident has worked in, as
--    ",a,b," (copied from the answers when the application is sent), so that
--    the pool's sector filter is an exact LIKE on both databases; a sector
--    value can also be a skill's, so matching inside the JSON would not be.
--  * applications.stop_reason: the structured reason (portal.Reason kind)
--    an application was not progressed, shown to the resident on /status.
--  * applications_pool: the pool's order (fit, then id) within a pathway,
--    read backwards for "best first" keyset pages.
--  * applications_pool_counts: the counts per status at the top of the pool
--    are an index-only GROUP BY over one pathway (or one cohort), never a
--    count over the whole table.
--  * recruiter_notes: notes on an application, seen by the recruiters of the
--    pathway's employer and the coordinator only (the scope is the query's).

-- +goose Up
ALTER TABLE applications ADD COLUMN fit_score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN stop_reason TEXT;
ALTER TABLE applications ADD COLUMN sectors_done TEXT NOT NULL DEFAULT '';
CREATE INDEX applications_pool ON applications (pathway_id, fit_score, id);
CREATE INDEX applications_pool_counts ON applications (pathway_id, cohort_id, status);

CREATE TABLE recruiter_notes (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    author_id      TEXT NOT NULL,
    author_name    TEXT NOT NULL,
    body           TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX recruiter_notes_application ON recruiter_notes (application_id, created_at);

-- +goose Down
-- Forward-only.
