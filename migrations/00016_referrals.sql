-- Housing officers' referrals (issue 8): an officer refers a tenant, who
-- takes it up from a texted link into an application already filled in.
--  * referrals: what the officer knows and how the tenant agreed to be
--    referred; organisation_id is the tenant's housing provider (the
--    officer's organisation) and scopes every officer query.
--    application_id is set once the tenant takes it up (or when the
--    officer referred someone who already had an open application).
--    reminded_at / resent_at make the one reminder and the one resend
--    conditional updates.
--  * applications.referral_id / assisted_by / assisted_consent: the
--    referral an application came from, and the officer who filled it
--    in with the tenant beside them (with the declarations they agreed to).
--  * staff_users.referral_digest: an officer may turn the weekly digest off.

-- +goose Up
CREATE TABLE referrals (
    id                TEXT PRIMARY KEY,
    organisation_id   TEXT NOT NULL REFERENCES organisations (id),
    officer_id        TEXT NOT NULL REFERENCES staff_users (id),
    pathway_id        TEXT REFERENCES pathways (id),
    full_name         TEXT NOT NULL,
    postcode          TEXT NOT NULL,
    contact_mobile    TEXT,
    contact_email     TEXT,
    contact_channel   TEXT NOT NULL DEFAULT 'sms' CHECK (contact_channel IN ('sms', 'email')),
    tenancy_reference TEXT NOT NULL DEFAULT '',
    consent_method    TEXT NOT NULL CHECK (consent_method IN ('in_person', 'by_phone', 'in_writing')),
    consent_on        TIMESTAMP NOT NULL,
    officer_note      TEXT NOT NULL DEFAULT '',
    resident_id       TEXT REFERENCES residents (id),
    application_id    TEXT REFERENCES applications (id),
    reminded_at       TIMESTAMP,
    resent_at         TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    CHECK (contact_mobile IS NOT NULL OR contact_email IS NOT NULL)
);
CREATE INDEX referrals_org ON referrals (organisation_id, created_at, id);
CREATE INDEX referrals_officer ON referrals (officer_id, created_at);
CREATE INDEX referrals_not_started ON referrals (created_at) WHERE application_id IS NULL;

ALTER TABLE applications ADD COLUMN referral_id TEXT REFERENCES referrals (id);
ALTER TABLE applications ADD COLUMN assisted_by TEXT REFERENCES staff_users (id);
ALTER TABLE applications ADD COLUMN assisted_consent TEXT;
ALTER TABLE staff_users ADD COLUMN referral_digest BOOLEAN NOT NULL DEFAULT TRUE;

-- +goose Down
-- Forward-only.
