package database

// For the external tests (which use dbtest, itself a user of this package).
var (
	BackfillFit        = backfillFit
	GoMigrations       = goMigrations
	BackfillFitVersion = backfillFitVersion
)
