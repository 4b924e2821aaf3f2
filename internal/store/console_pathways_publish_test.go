package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// A pathway used to go public the moment it was saved as open, with no
// course or cohort. It is now a draft until published, and publishing
// checks, in the same transaction, that it has a role, a course and a
// cohort taking applications; what is missing comes back as field errors.
func TestPublishPathwayChecksWhatResidentsNeed(t *testing.T) {
	all := []string{store.PublishNeedsRole, store.PublishNeedsCourse, store.PublishNeedsCohort}
	tests := []struct {
		name string
		sql  []string // run on the draft (with a role, a course and an open cohort) first
		want []string // the fields missing; none means it publishes
	}{
		{"complete", nil, nil},
		{"nothing yet", []string{"DELETE FROM cohorts WHERE course_id IN (SELECT id FROM courses WHERE pathway_id = @p)",
			"DELETE FROM courses WHERE pathway_id = @p", "DELETE FROM roles WHERE pathway_id = @p"}, all},
		{"no role", []string{"DELETE FROM roles WHERE pathway_id = @p"}, []string{store.PublishNeedsRole}},
		{"no course", []string{"DELETE FROM cohorts WHERE course_id IN (SELECT id FROM courses WHERE pathway_id = @p)",
			"DELETE FROM courses WHERE pathway_id = @p"}, []string{store.PublishNeedsCourse, store.PublishNeedsCohort}},
		{"no cohort", []string{"DELETE FROM cohorts WHERE course_id IN (SELECT id FROM courses WHERE pathway_id = @p)"}, []string{store.PublishNeedsCohort}},
		{"cohort closed to applications", []string{"UPDATE cohorts SET closes_at = @past WHERE course_id IN (SELECT id FROM courses WHERE pathway_id = @p)"},
			[]string{store.PublishNeedsCohort}},
		{"cohort full", []string{"UPDATE cohorts SET places_taken = capacity WHERE course_id IN (SELECT id FROM courses WHERE pathway_id = @p)"},
			[]string{store.PublishNeedsCohort}},
	}
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := store.New(db).WithClock(newClock().now)
		_, a := coordinator(t, s)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b := storetest.Pathway(t, s, storetest.Closed())
				if got := b.State(); got != store.PathwayDraft {
					t.Fatalf("got a new pathway %q, want %q", got, store.PathwayDraft)
				}
				for _, q := range tt.sql {
					if err := db.Exec(q, map[string]any{"p": b.ID, "past": s.Now().AddDate(0, 0, -1)}).Error; err != nil {
						t.Fatal(err)
					}
				}
				audited := consoleAuditCount(t, db, b.ID)
				err := s.PublishPathway(ctx, a, b.ID, b.Version)
				after, rerr := s.PathwayForConsole(ctx, b.ID)
				if rerr != nil {
					t.Fatal(rerr)
				}
				_, public := s.PathwayBySlug(ctx, b.Slug)
				if len(tt.want) == 0 {
					if err != nil {
						t.Fatalf("got %v, want it published", err)
					}
					if after.State() != store.PathwayPublished || after.PublishedAt == nil || after.Version != b.Version+1 || public != nil {
						t.Errorf("got state %q, published at %v, version %d, public %v; want published, version %d, public",
							after.State(), after.PublishedAt, after.Version, public, b.Version+1)
					}
					if got, want := consoleAuditCount(t, db, b.ID), audited+1; got != want {
						t.Errorf("got %d audit rows, want %d", got, want)
					}
					return
				}
				var verr *portal.ValidationError
				if !errors.As(err, &verr) {
					t.Fatalf("got %v, want a validation error", err)
				}
				var got []string
				for _, f := range all {
					if verr.Has(f) {
						got = append(got, f)
					}
				}
				if !slices.Equal(got, tt.want) || len(verr.Errors) != len(tt.want) {
					t.Errorf("got missing %q (%v), want %q", got, verr, tt.want)
				}
				// Refused: nothing changed, nothing audited.
				if after.State() != store.PathwayDraft || after.Version != b.Version || !errors.Is(public, portal.ErrNotFound) {
					t.Errorf("got state %q, version %d, public %v after a refusal; want the draft unchanged", after.State(), after.Version, public)
				}
				if got := consoleAuditCount(t, db, b.ID); got != audited {
					t.Errorf("got %d audit rows, want %d", got, audited)
				}
			})
		}
	})
}

func TestPublishAndClosePathway(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		clk := newClock()
		s := store.New(db).WithClock(clk.now)
		_, a := coordinator(t, s)
		b := storetest.Pathway(t, s, storetest.Closed())
		publish := func(id string, v int) error { return s.PublishPathway(ctx, a, id, v) }
		unpublish := func(id string, v int) error { return s.UnpublishPathway(ctx, a, id, v) }
		state := func() (string, int) {
			t.Helper()
			p, err := s.PathwayForConsole(ctx, b.ID)
			if err != nil {
				t.Fatal(err)
			}
			return p.State(), p.Version
		}
		steps := []struct {
			name      string
			do        func(id string, version int) error
			id        string
			version   int
			wantErr   error
			wantState string
		}{
			{"publish a stale version", publish, b.ID, b.Version - 1, portal.ErrConflict, store.PathwayDraft},
			{"publish an unknown pathway", publish, "no-such-pathway", 1, portal.ErrNotFound, store.PathwayDraft},
			{"publish", publish, b.ID, b.Version, nil, store.PathwayPublished},
			{"publish again: no change", publish, b.ID, b.Version + 1, nil, store.PathwayPublished},
			{"close a stale version", unpublish, b.ID, b.Version, portal.ErrConflict, store.PathwayPublished},
			{"close an unknown pathway", unpublish, "no-such-pathway", 1, portal.ErrNotFound, store.PathwayPublished},
			{"close", unpublish, b.ID, b.Version + 1, nil, store.PathwayClosed},
			{"close again: no change", unpublish, b.ID, b.Version + 2, nil, store.PathwayClosed},
			{"publish after closing", publish, b.ID, b.Version + 2, nil, store.PathwayPublished},
		}
		for _, st := range steps {
			clk.add(time.Second) // the audit rows in order
			err := st.do(st.id, st.version)
			if !errors.Is(err, st.wantErr) {
				t.Errorf("%s: got %v, want %v", st.name, err, st.wantErr)
			}
			if got, _ := state(); got != st.wantState {
				t.Errorf("%s: got state %q, want %q", st.name, got, st.wantState)
			}
			_, public := s.PathwayBySlug(ctx, b.Slug)
			if got, want := public == nil, st.wantState == store.PathwayPublished; got != want {
				t.Errorf("%s: got public %v (%v), want %v", st.name, got, public, want)
			}
		}
		var actions []string
		if err := db.Table("audit_log").Where("target_id = ? AND action IN ?", b.ID, []string{store.AuditPublished, store.AuditUnpublished}).
			Order("occurred_at, id").Pluck("action", &actions).Error; err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(actions), fmt.Sprint([]string{store.AuditPublished, store.AuditUnpublished, store.AuditPublished}); got != want {
			t.Errorf("got audit %s, want %s", got, want)
		}
	})
}
