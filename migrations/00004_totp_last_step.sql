-- The last authenticator time step accepted for each account, so that a code
-- works once even within its 30-second window (RFC 6238, section 5.2).

-- +goose Up
ALTER TABLE staff_users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- +goose Down
-- Forward-only.
