package storetest

import (
	"testing"
	"time"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// Step is one status an application reached, and when.
type Step struct {
	To portal.Status
	At time.Time
}

// Outcome is what History writes besides the steps: the job's kind and start.
type Outcome struct {
	JobKind      string // "substantive", "bank" or "" for none
	JobStartedOn time.Time
}

// History walks a sent application through steps by writing its status and
// events directly, and sets the job outcome. The recruiters' moves (issue 7)
// are built on another branch; until they are merged the reports' tests
// stand on rows written the way those moves write them (an event per
// status reached, status and closed_at on the application). The integrator
// may switch this to the real moves.
func History(t testing.TB, st *store.Store, app store.Application, o Outcome, steps ...Step) {
	t.Helper()
	db := st.DB()
	from := app.Status
	for _, s := range steps {
		if err := db.Exec(`INSERT INTO application_events (id, application_id, from_status, to_status, actor, note, created_at) VALUES (?, ?, ?, ?, 'recruiter', 'storetest history', ?)`,
			portal.NewID(), app.ID, from, s.To, s.At.UTC()).Error; err != nil {
			t.Fatalf("storetest.History: event: %v", err)
		}
		set := map[string]any{"status": s.To, "updated_at": s.At.UTC()}
		if s.To.Closed() {
			set["closed_at"] = s.At.UTC()
		}
		if err := db.Table("applications").Where("id = ?", app.ID).Updates(set).Error; err != nil {
			t.Fatalf("storetest.History: status: %v", err)
		}
		from = s.To
	}
	if o.JobKind != "" {
		if err := db.Table("applications").Where("id = ?", app.ID).
			Updates(map[string]any{"job_kind": o.JobKind, "job_started_on": o.JobStartedOn.UTC()}).Error; err != nil {
			t.Fatalf("storetest.History: job: %v", err)
		}
	}
}
