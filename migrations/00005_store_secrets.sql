-- Secrets at rest: one-time codes and single-use links leave the outbox once
-- delivered or expired, and recovery codes are hashed with a salt each.

-- +goose Up

-- The outbox keeps a message's secret (a sign-in code, an invitation or
-- reset token) apart from its text, which holds a placeholder filled at send
-- time. The store sets secret to NULL after a real delivery, and the sweep
-- once secret_expires_at has passed.
ALTER TABLE outbox ADD COLUMN secret TEXT;
ALTER TABLE outbox ADD COLUMN secret_expires_at TIMESTAMP;
CREATE INDEX outbox_secret_expiry ON outbox (secret_expires_at);

-- Messages written before this migration carry their secret in the text.
-- Those already delivered (or given up on) need it no longer: their text is
-- replaced. Pending ones are left to be sent.
UPDATE outbox SET subject = 'Your Anchor Pathways code', body = '[removed: a one-time code]'
WHERE status <> 'pending' AND subject LIKE 'Your Anchor Pathways code: %';
UPDATE outbox SET body = '[removed: an invitation link]'
WHERE status <> 'pending' AND subject = 'You have been invited to Anchor Pathways';
UPDATE outbox SET body = '[removed: a password reset link]'
WHERE status <> 'pending' AND subject = 'Reset your Anchor Pathways password';

-- The per-code salt of a recovery code's hash (hex). Empty marks a hash
-- written before salting; the store re-hashes those at start-up
-- (Store.UpgradeSecrets), so the empty value only lives until then.
ALTER TABLE staff_recovery_codes ADD COLUMN salt TEXT NOT NULL DEFAULT '';

-- +goose Down
-- Forward-only.
