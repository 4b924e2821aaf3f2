package migrations

import _ "embed"

// PersonalData is the classification of every column of the schema
// (personal_data.tsv): whether it holds personal data and how erasure and
// retention treat it. A column added by a migration needs a line here, or
// the classification test fails.
//
//go:embed personal_data.tsv
var PersonalData string
