-- What impact reports and the retention schedule need.
--  * applications.kept_sector / anonymised_at: when retention or erasure
--    removes an application's personal data the row stays, so the report's
--    totals do not change; the postcode goes but its sector (thousands of
--    households, not a person) is kept so the row still counts for its
--    neighbourhood.
--  * the resident "anonymised": anonymised applications point at it, so the
--    resident's own row (their mobile and email) can be deleted while the
--    foreign key holds. Its email is not an address anyone has.
--  * indexes for the report's aggregate queries: events by the status they
--    reached, applications by when they were sent.

-- +goose Up
ALTER TABLE applications ADD COLUMN kept_sector TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN anonymised_at TIMESTAMP;
CREATE INDEX applications_submitted ON applications (submitted_at);
CREATE INDEX applications_anonymised ON applications (anonymised_at, closed_at);
CREATE INDEX application_events_reached ON application_events (to_status, application_id, created_at);
CREATE INDEX outbox_sent ON outbox (sent_at);
CREATE INDEX staff_tokens_expires ON staff_tokens (expires_at);

INSERT INTO residents (id, email, preferred_channel, preferred_language, created_at, updated_at)
VALUES ('anonymised', 'anonymised@anonymised.invalid', 'email', 'en', '2026-01-01 00:00:00', '2026-01-01 00:00:00');

-- +goose Down
-- Forward-only.
