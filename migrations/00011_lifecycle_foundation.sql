-- What the recruiters', referrals' and reports' work shares, laid once so
-- that each reads the same columns:
--  * job_claims: a scheduled job claims (job, key) inside the transaction
--    that does its work, so with several instances on one database each
--    piece of work (a weekly digest for one officer, one day's retention
--    run) happens once; a rolled-back transaction releases the claim.
--  * applications.referral_source: who brought the application (reports).
--  * applications.share_progress: whether the resident lets their housing
--    provider see the progress steps (referrals).
--  * applications.job_kind / job_started_on: the job outcome (reports).
--  * cohorts.offer_window_days: how long an offered place waits for an answer.
--  * resident_links: the single-use links texted to residents (an offer to
--    answer, an interview to book, a 13/26-week check, a referral to take
--    up); only a hash of each token is kept. subject_id is the application
--    or referral the link acts on, by purpose.

-- +goose Up
CREATE TABLE job_claims (
    job        TEXT NOT NULL,
    claim_key  TEXT NOT NULL,
    claimed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (job, claim_key)
);
CREATE INDEX job_claims_claimed ON job_claims (claimed_at);

CREATE TABLE resident_links (
    id         TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('offer', 'interview', 'in_work_13', 'in_work_26', 'referral')),
    subject_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX resident_links_subject ON resident_links (subject_id, purpose);
CREATE INDEX resident_links_expires ON resident_links (expires_at);

ALTER TABLE applications ADD COLUMN referral_source TEXT NOT NULL DEFAULT 'self'
    CHECK (referral_source IN ('self', 'housing_officer', 'other_organisation'));
ALTER TABLE applications ADD COLUMN share_progress BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE applications ADD COLUMN job_kind TEXT CHECK (job_kind IN ('substantive', 'bank'));
ALTER TABLE applications ADD COLUMN job_started_on TIMESTAMP;
ALTER TABLE cohorts ADD COLUMN offer_window_days INTEGER NOT NULL DEFAULT 5
    CHECK (offer_window_days BETWEEN 1 AND 30);

-- +goose Down
-- Forward-only.
