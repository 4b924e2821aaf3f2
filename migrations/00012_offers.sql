-- Offers of a place and the waiting list:
--  * offer_expires_at: when the open offer of a place ends unanswered; the
--    expiry job reads it (with the status) rather than the offer link, so
--    that an application carries its own deadline and /status can show it.
--  * waitlisted_at: when the application joined its cohort's waiting list;
--    a freed place goes to the best-ranked, then the longest waiting.

-- +goose Up
ALTER TABLE applications ADD COLUMN offer_expires_at TIMESTAMP;
ALTER TABLE applications ADD COLUMN waitlisted_at TIMESTAMP;
CREATE INDEX applications_offer_expiry ON applications (status, offer_expires_at);
CREATE INDEX applications_cohort_status ON applications (cohort_id, status);

-- +goose Down
-- Forward-only.
