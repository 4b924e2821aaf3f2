package database

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"anchorpathways/migrations"
)

// TestTallyMigrationCountsTheHistory: migration 21 fills the report's
// tallies from the applications and events already there, once per
// application and step, and the triggers keep them from then on.
func TestTallyMigrationCountsTheHistory(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{SQLitePath: filepath.Join(t.TempDir(), "before.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Close(db) })
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, sqlDB, migrations.FS, goose.WithGoMigrations(goMigrations(SQLite)...))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, reportTallyVersion-1); err != nil {
		t.Fatal(err)
	}
	w := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	job := w.AddDate(0, 0, 30)
	for _, q := range []string{
		`INSERT INTO organisations (id, name, kind, created_at, updated_at) VALUES ('o1', 'Trust', 'employer', @w, @w)`,
		`INSERT INTO pathways (id, slug, name, ref_prefix, employer_id, is_open, created_at, updated_at) VALUES ('p1', 'p-one', 'One', 'ON', 'o1', TRUE, @w, @w)`,
		`INSERT INTO residents (id, email, preferred_channel, preferred_language, created_at, updated_at) VALUES ('r1', 'r1@example.org', 'email', 'en', @w, @w),
		 ('r2', 'r2@example.org', 'email', 'en', @w, @w), ('r3', 'r3@example.org', 'email', 'en', @w, @w)`,
		`INSERT INTO applications (id, reference, resident_id, pathway_id, status, full_name, postcode, version, submitted_at, created_at, updated_at, referral_source, job_kind, job_started_on)
		 VALUES ('a1', 'ON-1', 'r1', 'p1', 'job_started', 'A', 'LS9 8AB', 1, @w, @w, @w, 'self', 'bank', @j),
		        ('a2', 'ON-2', 'r2', 'p1', 'withdrawn', 'B', 'LS9 8CD', 1, @w, @w, @w, 'self', NULL, NULL),
		        ('a3', NULL, 'r3', 'p1', 'draft', 'C', 'LS9 8EF', 1, NULL, @w, @w, 'self', NULL, NULL)`,
		`INSERT INTO application_events (id, application_id, from_status, to_status, actor, created_at) VALUES
		 ('e1', 'a1', 'place_offered', 'place_accepted', 'resident', @w), ('e2', 'a1', 'waitlisted', 'place_accepted', 'resident', @w),
		 ('e3', 'a1', 'job_offered', 'job_started', 'recruiter', @j), ('e4', 'a2', 'place_offered', 'place_accepted', 'resident', @w)`,
	} {
		if err := db.Exec(q, map[string]any{"w": w, "j": job}).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	var got struct{ Applicants, Places, Jobs, JobsBank int }
	sum := `SELECT SUM(applicants) AS applicants, SUM(places) AS places, SUM(jobs) AS jobs, SUM(jobs_bank) AS jobs_bank FROM report_tally WHERE ((grain = 'd' AND day = '2026-05-01') OR (grain = 'm' AND day = '2026-05')) AND sector = 'LS9 8'`
	if err := db.Raw(sum).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if got.Applicants != 4 || got.Places != 4 || got.Jobs != 2 || got.JobsBank != 2 {
		t.Errorf("tally after the migration = %+v, want 2 sent, 2 places, 1 bank job, by day and by month", got)
	}
	var days []struct{ Days, N int }
	if err := db.Raw(`SELECT days, n FROM report_job_days WHERE grain = 'm' AND day = '2026-05' AND scope = ''`).Scan(&days).Error; err != nil {
		t.Fatal(err)
	}
	if len(days) != 1 || days[0].Days != 30 || days[0].N != 1 {
		t.Errorf("days to a job = %+v, want one after 30 days", days)
	}
	// From now on the triggers keep count: the draft is sent and reaches a place.
	for _, q := range []string{
		`UPDATE applications SET submitted_at = @w, reference = 'ON-3', status = 'submitted' WHERE id = 'a3'`,
		`INSERT INTO application_events (id, application_id, from_status, to_status, actor, created_at) VALUES ('e5', 'a3', 'place_offered', 'place_accepted', 'resident', @w)`,
	} {
		if err := db.Exec(q, map[string]any{"w": w}).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Raw(sum).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if got.Applicants != 6 || got.Places != 6 {
		t.Errorf("tally after sending the draft = %+v, want 3 sent, 3 places, by day and by month", got)
	}
}
