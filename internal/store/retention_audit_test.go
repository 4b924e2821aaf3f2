package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
)

// TestRetentionDeletesOldAuditRows: the staff audit log goes after two
// years, by the database's clock: the retention job deletes the older rows
// and records how many; a younger row stays, and the log still refuses to
// delete or change it, whoever asks.
func TestRetentionDeletesOldAuditRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		for id, at := range map[string]time.Time{"old-1": now.AddDate(-3, 0, 0), "old-2": now.AddDate(-2, 0, -2), "young": now.AddDate(-1, -11, 0)} {
			if err := db.Exec(`INSERT INTO audit_log (id, occurred_at, action) VALUES (?, ?, 'staff_signed_in')`, id, at).Error; err != nil {
				t.Fatal(err)
			}
		}
		res, err := store.New(db).RunRetention(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.AuditDeleted != 2 {
			t.Errorf("audit rows deleted = %d, want 2", res.AuditDeleted)
		}
		var left []string
		if err := db.Table("audit_log").Where("id IN ?", []string{"old-1", "old-2", "young"}).Pluck("id", &left).Error; err != nil {
			t.Fatal(err)
		}
		if len(left) != 1 || left[0] != "young" {
			t.Errorf("audit rows left = %v, want only the young one", left)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND after_state LIKE '%"audit_deleted":2%'`, store.AuditRetention); n != 1 {
			t.Errorf("retention audit rows with the audit count = %d, want 1", n)
		}
		for _, q := range []string{`DELETE FROM audit_log WHERE id = 'young'`, `UPDATE audit_log SET action = 'x' WHERE id = 'young'`} {
			if err := db.Exec(q).Error; err == nil || !strings.Contains(err.Error(), "audit_log") {
				t.Errorf("%s: got %v, want the log to refuse", q, err)
			}
		}
	})
}
