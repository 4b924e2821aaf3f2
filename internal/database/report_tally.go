package database

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"

	"anchorpathways/internal/portal"
)

// reportTallyVersion is the migration that keeps the impact report's
// running totals. Like the audit log's, its triggers are written in each
// dialect, so it is Go, numbered among the SQL files.
const reportTallyVersion = 21

// The report's totals are kept as they happen, so that the report sums a
// few thousand tally rows instead of reading every application and event:
//
//   - applications.reached: the steps an application has reached, one bit
//     each (reachedBits), set once by a trigger on application_events, so an
//     application that later ended still counts for the steps it passed.
//   - report_tally: per day sent (UTC), pathway, cohort, postcode sector,
//     referral source and tenant organisation, the applications sent and
//     how many reached each step.
//   - report_job_days: per day sent and scope (jobScopes: the network, an
//     employer, a housing provider), how many started a job how many whole
//     days after sending, for the median: a median cannot be summed, so each
//     viewer's histogram is kept whole.
//
// Each is kept twice, by grain (tallyGrains): by day ('d', day YYYY-MM-DD)
// and by month ('m', day YYYY-MM), so that a year's report sums twelve
// months and the days of the months it covers only in part.
//
// Each total is spread over tallyShards rows (shard, from the first
// character of the application's random ID), and the report sums them.
// Residents applying at the same moment to the same cohort from the same
// sector would otherwise all update one row, and on PostgreSQL each would
// wait for the one before it to commit (make load measured sending at a
// third of its rate with a single row). An application's changes always go
// to its own shard, so two changes lock rows in the same order as before
// and cannot deadlock.
//
// A trigger on applications takes an application's old contribution away
// and adds its new one whenever a column the tally reads changes. Nothing
// is taken away when a row is deleted or its personal data erased: the
// totals are the network's history, and erasure keeps the sector.
var reachedBits = func() []struct {
	status string
	bit    int
} {
	out := make([]struct {
		status string
		bit    int
	}, len(portal.ReachedSteps))
	for i, st := range portal.ReachedSteps {
		out[i].status, out[i].bit = string(st), 1<<i
	}
	return out
}()

// tallyGrains are the tallies' grains: each names its day key from the
// day's YYYY-MM-DD.
var tallyGrains = []struct{ grain, day func(string) string }{
	{func(string) string { return "'d'" }, func(day string) string { return day }},
	{func(string) string { return "'m'" }, func(day string) string { return "substr(" + day + ", 1, 7)" }},
}

// jobScopes are the scopes of report_job_days for row r: "" the whole
// network (the coordinator), "e:" and the pathway's employer (its
// recruiters), "t:" and the tenant's housing provider (its officers); each
// with the condition that r has one.
func jobScopes(r string) []struct{ scope, when string } {
	return []struct{ scope, when string }{
		{"''", "TRUE"},
		{"'e:' || (SELECT employer_id FROM pathways WHERE id = " + r + ".pathway_id)", "TRUE"},
		{"'t:' || " + r + ".tenant_org_id", r + ".tenant_org_id IS NOT NULL"},
	}
}

// tallyShards is how many rows each total is spread over: as many as the
// PostgreSQL pool has connections (make load: sending at 0.6 of its rate
// without tallies with 8 shards, 0.75 with 32; the report's cost did not
// change measurably). IDs are base64url, so 28 of the 32 are used.
const tallyShards = "32"

// tallyCounts are report_tally's counting columns, in order.
var tallyCounts = []string{"applicants", "places", "completed", "interviews", "jobs", "jobs_substantive", "jobs_bank", "work13", "work26"}

// tallyExprs are SQL for one dialect's pieces of the tally, for a row
// named r (NEW, OLD or the applications table).
type tallyExprs struct {
	day    func(r string) string // the UTC day a timestamp is on, as YYYY-MM-DD
	sector func(r string) string // the postcode sector, or the one kept on erasure
	days   func(r string) string // whole days from sending to starting the job
	differ string                // a null-safe "is different from"
	shard  func(r string) string // the row's shard, 0 to tallyShards-1
}

func tallyExprsFor(d Dialect) tallyExprs {
	if d == Postgres {
		return tallyExprs{
			day: func(r string) string { return "to_char(" + r + ".submitted_at, 'YYYY-MM-DD')" },
			sector: func(r string) string {
				return "CASE WHEN " + r + ".anonymised_at IS NULL THEN substr(" + r + ".postcode, 1, GREATEST(length(" + r + ".postcode) - 2, 0)) ELSE " + r + ".kept_sector END"
			},
			days:   func(r string) string { return "(" + r + ".job_started_on::date - " + r + ".submitted_at::date)" },
			differ: "IS DISTINCT FROM",
			shard:  func(r string) string { return "ascii(" + r + ".id) % " + tallyShards },
		}
	}
	return tallyExprs{
		day: func(r string) string { return "date(" + r + ".submitted_at)" },
		sector: func(r string) string {
			return "CASE WHEN " + r + ".anonymised_at IS NULL THEN substr(" + r + ".postcode, 1, max(length(" + r + ".postcode) - 2, 0)) ELSE " + r + ".kept_sector END"
		},
		days: func(r string) string {
			return "CAST(julianday(date(" + r + ".job_started_on)) - julianday(date(" + r + ".submitted_at)) AS INTEGER)"
		},
		differ: "IS NOT",
		shard:  func(r string) string { return "unicode(" + r + ".id) % " + tallyShards },
	}
}

// stepCounts are the tally's step counts of row r, times sign s.
func stepCounts(r, s string) []string {
	bit := func(b string) string { return "((" + r + ".reached / " + b + ") % 2)" }
	return []string{
		s + " * " + bit("1"), s + " * " + bit("2"), s + " * " + bit("4"), s + " * " + bit("8"),
		s + " * (CASE WHEN " + r + ".job_kind = 'substantive' THEN " + bit("8") + " ELSE 0 END)",
		s + " * (CASE WHEN " + r + ".job_kind = 'bank' THEN " + bit("8") + " ELSE 0 END)",
		s + " * " + bit("16"), s + " * " + bit("32"),
	}
}

// addContribution is the statements adding sign s (1 or -1) times row r's
// contribution to the tallies (a row not sent adds nothing) and to the days
// to a job (a row without a job adds nothing). The triggers run the second
// only for a row with a job, and neither for a row not sent: a statement
// that adds nothing still costs its run.
func (x tallyExprs) addContribution(r, s string) (tallies, jobDays []string) {
	sums := make([]string, len(tallyCounts))
	for i, c := range tallyCounts {
		sums[i] = c + " = report_tally." + c + " + excluded." + c
	}
	for _, g := range tallyGrains {
		day := g.day(x.day(r))
		tallies = append(tallies,
			`INSERT INTO report_tally (grain, day, pathway_id, cohort_id, sector, source, tenant_org_id, shard, `+strings.Join(tallyCounts, ", ")+`)
SELECT `+g.grain(day)+`, `+day+`, `+r+`.pathway_id, COALESCE(`+r+`.cohort_id, ''), `+x.sector(r)+`, COALESCE(`+r+`.referral_source, ''), COALESCE(`+r+`.tenant_org_id, ''), `+x.shard(r)+`, `+
				s+`, `+strings.Join(stepCounts(r, s), ", ")+`
WHERE `+r+`.submitted_at IS NOT NULL
ON CONFLICT (grain, day, pathway_id, cohort_id, sector, source, tenant_org_id, shard) DO UPDATE SET `+strings.Join(sums, ", "),
		)
		for _, sc := range jobScopes(r) {
			jobDays = append(jobDays, `INSERT INTO report_job_days (grain, day, scope, days, shard, n)
SELECT `+g.grain(day)+`, `+day+`, `+sc.scope+`, `+x.days(r)+`, `+x.shard(r)+`, `+s+`
WHERE `+r+`.submitted_at IS NOT NULL AND `+r+`.job_started_on IS NOT NULL AND `+sc.when+`
ON CONFLICT (grain, scope, day, days, shard) DO UPDATE SET n = report_job_days.n + excluded.n`)
		}
	}
	return tallies, jobDays
}

// tallyColumns are the applications columns the tally reads.
var tallyColumns = []string{"submitted_at", "pathway_id", "cohort_id", "postcode", "kept_sector", "anonymised_at",
	"referral_source", "tenant_org_id", "job_kind", "job_started_on", "reached"}

func (x tallyExprs) changed() string {
	parts := make([]string, len(tallyColumns))
	for i, c := range tallyColumns {
		parts[i] = "OLD." + c + " " + x.differ + " NEW." + c
	}
	return strings.Join(parts, " OR ")
}

// reachedBit is the bit of the step event e reached, as SQL.
func reachedBit(e string) string {
	var b strings.Builder
	b.WriteString("CASE " + e + ".to_status")
	for _, r := range reachedBits {
		b.WriteString(" WHEN '" + r.status + "' THEN " + strconv.Itoa(r.bit))
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}

func reachedStatuses() string {
	s := make([]string, len(reachedBits))
	for i, r := range reachedBits {
		s[i] = "'" + r.status + "'"
	}
	return "(" + strings.Join(s, ", ") + ")"
}

// reportTallyStatements creates the tallies, fills them from the history
// already there, then adds the triggers that keep them.
func reportTallyStatements(d Dialect) []string {
	x := tallyExprsFor(d)
	stmts := []string{
		`ALTER TABLE applications ADD COLUMN reached INTEGER NOT NULL DEFAULT 0`,
		`CREATE TABLE report_tally (
    grain            TEXT NOT NULL CHECK (grain IN ('d', 'm')),
    day              TEXT NOT NULL,
    pathway_id       TEXT NOT NULL,
    cohort_id        TEXT NOT NULL,
    sector           TEXT NOT NULL,
    source           TEXT NOT NULL,
    tenant_org_id    TEXT NOT NULL,
    shard            INTEGER NOT NULL DEFAULT 0,
    applicants       INTEGER NOT NULL DEFAULT 0,
    places           INTEGER NOT NULL DEFAULT 0,
    completed        INTEGER NOT NULL DEFAULT 0,
    interviews       INTEGER NOT NULL DEFAULT 0,
    jobs             INTEGER NOT NULL DEFAULT 0,
    jobs_substantive INTEGER NOT NULL DEFAULT 0,
    jobs_bank        INTEGER NOT NULL DEFAULT 0,
    work13           INTEGER NOT NULL DEFAULT 0,
    work26           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (grain, day, pathway_id, cohort_id, sector, source, tenant_org_id, shard))`,
		`CREATE TABLE report_job_days (
    grain         TEXT NOT NULL CHECK (grain IN ('d', 'm')),
    day           TEXT NOT NULL,
    scope         TEXT NOT NULL,
    days          INTEGER NOT NULL,
    shard         INTEGER NOT NULL DEFAULT 0,
    n             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (grain, scope, day, days, shard))`,
		`CREATE INDEX report_tally_tenant ON report_tally (tenant_org_id, grain, day)`,
	}
	// The history so far, before the triggers exist.
	var reached strings.Builder
	for i, r := range reachedBits {
		if i > 0 {
			reached.WriteString(" + ")
		}
		reached.WriteString("(CASE WHEN EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = applications.id AND e.to_status = '" +
			r.status + "') THEN " + strconv.Itoa(r.bit) + " ELSE 0 END)")
	}
	stmts = append(stmts, `UPDATE applications SET reached = `+reached.String()+` WHERE submitted_at IS NOT NULL`)
	sums := stepCounts("applications", "1")
	for i := range sums {
		sums[i] = "SUM(" + sums[i] + ")"
	}
	for _, g := range tallyGrains {
		day := g.day(x.day("applications"))
		stmts = append(stmts,
			`INSERT INTO report_tally (grain, day, pathway_id, cohort_id, sector, source, tenant_org_id, shard, `+strings.Join(tallyCounts, ", ")+`)
SELECT `+g.grain(day)+`, `+day+`, pathway_id, COALESCE(cohort_id, ''), `+x.sector("applications")+`, COALESCE(referral_source, ''), COALESCE(tenant_org_id, ''), `+x.shard("applications")+`, COUNT(*), `+strings.Join(sums, ", ")+`
FROM applications WHERE submitted_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
		)
		for _, sc := range jobScopes("applications") {
			stmts = append(stmts, `INSERT INTO report_job_days (grain, day, scope, days, shard, n)
SELECT `+g.grain(day)+`, `+day+`, `+sc.scope+`, `+x.days("applications")+`, `+x.shard("applications")+`, COUNT(*)
FROM applications WHERE submitted_at IS NOT NULL AND job_started_on IS NOT NULL AND `+sc.when+` GROUP BY 1, 2, 3, 4, 5`)
		}
	}

	setReached := `UPDATE applications SET reached = reached + ` + reachedBit("NEW") +
		` WHERE id = NEW.application_id AND (reached / (` + reachedBit("NEW") + `)) % 2 = 0`
	if d == Postgres {
		// r's contribution times sign, inside IFs: nothing runs for a row
		// not sent, and the days to a job only for a row with one.
		contribution := func(r, sign string) string {
			tallies, jobDays := x.addContribution(r, sign)
			return `
    IF ` + r + `.submitted_at IS NOT NULL THEN
      ` + strings.Join(tallies, ";\n      ") + `;
      IF ` + r + `.job_started_on IS NOT NULL THEN
        ` + strings.Join(jobDays, ";\n        ") + `;
      END IF;
    END IF;`
		}
		return append(stmts,
			`CREATE FUNCTION applications_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NOT (`+x.changed()+`) THEN RETURN NULL; END IF;`+contribution("OLD", "-1")+`
  END IF;`+contribution("NEW", "1")+`
  RETURN NULL;
END $$`,
			`CREATE TRIGGER applications_tally AFTER INSERT OR UPDATE ON applications FOR EACH ROW EXECUTE FUNCTION applications_tally()`,
			`CREATE FUNCTION application_events_reached() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  `+setReached+`;
  RETURN NULL;
END $$`,
			`CREATE TRIGGER application_events_reached AFTER INSERT ON application_events FOR EACH ROW
WHEN (NEW.to_status IN `+reachedStatuses()+`) EXECUTE FUNCTION application_events_reached()`,
		)
	}
	// SQLite has no IF in a trigger: a trigger per part, each with its WHEN.
	trigger := func(name, event, when string, body []string) string {
		return `CREATE TRIGGER ` + name + ` AFTER ` + event + ` ON applications WHEN ` + when + ` BEGIN ` + strings.Join(body, "; ") + `; END`
	}
	oldTallies, oldJobDays := x.addContribution("OLD", "-1")
	newTallies, newJobDays := x.addContribution("NEW", "1")
	changed := "(" + x.changed() + ")"
	return append(stmts,
		trigger("applications_tally_insert", "INSERT", "NEW.submitted_at IS NOT NULL", newTallies),
		trigger("applications_tally_insert_job", "INSERT", "NEW.submitted_at IS NOT NULL AND NEW.job_started_on IS NOT NULL", newJobDays),
		trigger("applications_tally_update_old", "UPDATE", "OLD.submitted_at IS NOT NULL AND "+changed, oldTallies),
		trigger("applications_tally_update_old_job", "UPDATE", "OLD.submitted_at IS NOT NULL AND OLD.job_started_on IS NOT NULL AND "+changed, oldJobDays),
		trigger("applications_tally_update_new", "UPDATE", "NEW.submitted_at IS NOT NULL AND "+changed, newTallies),
		trigger("applications_tally_update_new_job", "UPDATE", "NEW.submitted_at IS NOT NULL AND NEW.job_started_on IS NOT NULL AND "+changed, newJobDays),
		`CREATE TRIGGER application_events_reached AFTER INSERT ON application_events WHEN NEW.to_status IN `+reachedStatuses()+
			` BEGIN `+setReached+`; END`,
	)
}

// reportTallyMigration is the migration of reportTallyStatements.
func reportTallyMigration(d Dialect) *goose.Migration {
	stmts := reportTallyStatements(d)
	return goose.NewGoMigration(reportTallyVersion, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		return nil
	}}, nil)
}
