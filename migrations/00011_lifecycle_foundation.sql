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

-- +goose Up
CREATE TABLE job_claims (
    job        TEXT NOT NULL,
    claim_key  TEXT NOT NULL,
    claimed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (job, claim_key)
);
CREATE INDEX job_claims_claimed ON job_claims (claimed_at);

ALTER TABLE applications ADD COLUMN referral_source TEXT NOT NULL DEFAULT 'self'
    CHECK (referral_source IN ('self', 'housing_officer', 'other_organisation'));
ALTER TABLE applications ADD COLUMN share_progress BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE applications ADD COLUMN job_kind TEXT CHECK (job_kind IN ('substantive', 'bank'));
ALTER TABLE applications ADD COLUMN job_started_on TIMESTAMP;
ALTER TABLE cohorts ADD COLUMN offer_window_days INTEGER NOT NULL DEFAULT 5
    CHECK (offer_window_days BETWEEN 1 AND 30);

-- +goose Down
-- Forward-only.
