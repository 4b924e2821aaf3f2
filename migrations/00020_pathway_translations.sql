-- A pathway's name, summary and description in a resident language other
-- than English, as the coordinator writes them in the console. A missing
-- row, or an empty field, shows the English text with a note in the
-- resident's language. English stays in pathways itself.

-- +goose Up
CREATE TABLE pathway_translations (
    pathway_id  TEXT NOT NULL REFERENCES pathways (id) ON DELETE CASCADE,
    language    TEXT NOT NULL CHECK (language IN ('ur', 'pl', 'ar')),
    name        TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (pathway_id, language)
);

-- +goose Down
-- Forward-only.
