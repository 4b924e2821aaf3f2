-- A pathway is now a draft until a coordinator publishes it (after checking
-- it has a role, a course and an open cohort); is_open stays the one flag
-- the public side reads. published_at tells a draft (never published) from
-- a pathway closed after being public. Pathways open today stay published.

-- +goose Up
ALTER TABLE pathways ADD COLUMN published_at TIMESTAMP;
UPDATE pathways SET published_at = updated_at WHERE is_open = TRUE;

-- +goose Down
-- Forward-only.
