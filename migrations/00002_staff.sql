-- Staff accounts, their sessions and sign-in defences, the audit log, and
-- what the staff dashboards need to scope applications by organisation.

-- +goose Up
ALTER TABLE organisations ADD COLUMN removed_at TIMESTAMP;

-- The partner housing provider a resident rents from, so housing officers'
-- lists are scoped in the WHERE clause.
ALTER TABLE applications ADD COLUMN tenant_org_id TEXT REFERENCES organisations (id);
CREATE INDEX applications_tenant ON applications (tenant_org_id, created_at);
CREATE INDEX applications_created ON applications (created_at, id);

CREATE TABLE staff_users (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    email           TEXT NOT NULL UNIQUE,
    full_name       TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('coordinator', 'housing_officer', 'recruiter')),
    -- Empty until the invitation is accepted.
    password_hash   TEXT NOT NULL DEFAULT '',
    totp_secret     TEXT NOT NULL DEFAULT '',
    totp_enabled    BOOLEAN NOT NULL DEFAULT FALSE,
    -- Demo accounts only: sign in without a second factor.
    mfa_exempt      BOOLEAN NOT NULL DEFAULT FALSE,
    disabled_at     TIMESTAMP,
    last_sign_in_at TIMESTAMP,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX staff_users_org ON staff_users (organisation_id, email);

CREATE TABLE staff_recovery_codes (
    id         TEXT PRIMARY KEY,
    staff_id   TEXT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_recovery_codes_staff ON staff_recovery_codes (staff_id);

-- Single-use links: invitations (72 hours) and password resets (30 minutes).
CREATE TABLE staff_tokens (
    id         TEXT PRIMARY KEY,
    staff_id   TEXT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_tokens_staff ON staff_tokens (staff_id, purpose);

-- Staff sessions: idle and absolute limits, and the second factor passed.
CREATE TABLE staff_sessions (
    id_hash             TEXT PRIMARY KEY,
    staff_id            TEXT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    csrf_token          TEXT NOT NULL,
    mfa_passed          BOOLEAN NOT NULL DEFAULT FALSE,
    -- A one-off message for the next page ("Organisation saved").
    flash               TEXT NOT NULL DEFAULT '',
    last_seen_at        TIMESTAMP NOT NULL,
    absolute_expires_at TIMESTAMP NOT NULL,
    created_at          TIMESTAMP NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- Failed sign-ins per key (account, client address, or both), for
-- progressive delays that never lock an account out for long.
CREATE TABLE sign_in_failures (
    key             TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    next_allowed_at TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

-- Append-only: migration 3, in Go because triggers differ by dialect
-- (internal/database/appendonly.go), refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_log (
    id              TEXT PRIMARY KEY,
    occurred_at     TIMESTAMP NOT NULL,
    actor_id        TEXT NOT NULL DEFAULT '',
    actor_email     TEXT NOT NULL DEFAULT '',
    organisation_id TEXT NOT NULL DEFAULT '',
    action          TEXT NOT NULL,
    target_type     TEXT NOT NULL DEFAULT '',
    target_id       TEXT NOT NULL DEFAULT '',
    before_state    TEXT NOT NULL DEFAULT '',
    after_state     TEXT NOT NULL DEFAULT '',
    client_ip       TEXT NOT NULL DEFAULT '',
    request_id      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_time ON audit_log (occurred_at, id);
CREATE INDEX audit_log_action ON audit_log (action, occurred_at);

-- +goose Down
-- Forward-only.
